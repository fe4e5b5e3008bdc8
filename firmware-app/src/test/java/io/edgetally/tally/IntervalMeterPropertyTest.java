package io.edgetally.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.meter.MeterReading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random meter series with glitches, read failures, silent gaps, register rollovers, meter replacements and
 * restarts, checked against the true energy the simulated site drew.
 */
class IntervalMeterPropertyTest {

    private static final long ROLLOVER_CENTI = 100_000; // a 1,000.00 kWh register: it wraps often
    private static final int MAX_KW = 200;
    /**
     * A register shows energy modulo its rollover: between two genuine readings further apart than rollover / max
     * power (5 h here) the site may have drawn a whole register's worth more than the difference shows, which no
     * meter logic can tell. The simulated site keeps its gaps under that (with room to spare).
     */
    private static final Duration MAX_GENUINE_GAP = Duration.ofMinutes(270);
    private final MeterConfig config = new MeterConfig(Duration.ofMinutes(15), BigDecimal.valueOf(MAX_KW),
            BigDecimal.valueOf(ROLLOVER_CENTI, 2), new BigDecimal("0.01"), 3);

    /** The simulated site: true energy drawn (centi-kWh) and what each meter's register shows. */
    private static final class Site {
        final Random random;
        Instant now = Instant.parse("2026-07-01T00:03:17Z");
        Instant lastGenuine = now;
        long trueCenti;
        String meterId = "M1";
        long installedAtCenti;
        long registerAtInstall;
        int meters = 1;
        final Map<String, Map<Instant, Long>> truthByMeter = new HashMap<>();

        Site(long seed) {
            random = new Random(seed);
        }

        long register() {
            return Math.floorMod(registerAtInstall + trueCenti - installedAtCenti, ROLLOVER_CENTI);
        }

        /** Lets time pass, but never so long since the last genuine reading that the register could wrap twice. */
        void run(Duration wanted) {
            Duration room = MAX_GENUINE_GAP.minus(Duration.between(lastGenuine, now));
            Duration dt = wanted.compareTo(room) <= 0 ? wanted : room;
            long maxCenti = MAX_KW * dt.toMillis() / 36_000; // kW x ms -> centi-kWh
            trueCenti += random.nextLong(maxCenti + 1);
            now = now.plus(dt);
        }

        boolean mustReadGenuinely() {
            return !Duration.between(lastGenuine, now).minus(MAX_GENUINE_GAP).isNegative();
        }

        MeterReading good() {
            lastGenuine = now;
            truthByMeter.computeIfAbsent(meterId, k -> new HashMap<>()).put(now, trueCenti);
            return new MeterReading.Ok(meterId, register() / 100.0, 0, now);
        }

        MeterReading glitch() {
            long wild = Math.floorMod(register() + ROLLOVER_CENTI / 2, ROLLOVER_CENTI);
            return new MeterReading.Ok(meterId, wild / 100.0, 0, now);
        }

        void replaceMeter() {
            meters++;
            meterId = "M" + meters;
            installedAtCenti = trueCenti;
            registerAtInstall = random.nextLong(ROLLOVER_CENTI);
        }
    }

    @Property(tries = 200)
    void bookedEnergyIsExactlyTheTrueEnergyOfDisjointSpansAndNothingIsLostWithinAMeter(
            @ForAll long seed, @ForAll @IntRange(min = 10, max = 600) int steps) {
        Site site = new Site(seed);
        IntervalMeter meter = new IntervalMeter(config, Optional.empty());
        List<BookedSpan> booked = new ArrayList<>();
        booked.addAll(meter.onReading(site.good()).spans());
        boolean lastWasGlitch = false;
        for (int i = 0; i < steps; i++) {
            int dice = site.random.nextInt(100);
            if (dice < 5) {
                site.run(Duration.ofMinutes(30 + site.random.nextInt(90))); // silent gap: no reading at all
            } else {
                site.run(Duration.ofSeconds(10 + site.random.nextInt(590)));
            }
            MeterReading reading;
            if (site.mustReadGenuinely()) {
                reading = site.good();
            } else if (dice >= 5 && dice < 15) {
                reading = new MeterReading.Failed(site.meterId, "timeout", site.now);
            } else if (dice >= 15 && dice < 21 && !lastWasGlitch) {
                reading = site.glitch();
            } else if (dice >= 21 && dice < 23) {
                site.replaceMeter();
                reading = site.good();
            } else if (dice >= 23 && dice < 26) {
                meter = new IntervalMeter(config, meter.anchor()); // restart: only the committed anchor survives
                reading = site.good();
            } else {
                reading = site.good();
            }
            // a glitch is a single wrong value among the meter's answers (the contract of IntervalMeter): failed
            // reads in between do not make a second wrong value in a row a new single one
            if (reading instanceof MeterReading.Ok) {
                lastWasGlitch = !site.lastGenuine.equals(site.now); // an Ok reading that is not genuine: a glitch
            }
            booked.addAll(meter.onReading(reading).spans());
        }
        meter.flush().ifPresent(booked::add);

        for (int i = 0; i < booked.size(); i++) {
            BookedSpan s = booked.get(i);
            Map<Instant, Long> truth = site.truthByMeter.get(s.start().meterId());
            assertThat(truth).as("span %s starts and ends on genuine readings", s)
                    .containsKeys(s.start().at(), s.end().at());
            BigDecimal trueKwh = BigDecimal.valueOf(truth.get(s.end().at()) - truth.get(s.start().at()), 2);
            assertThat(s.energyKwh()).as("energy of %s", s).isEqualByComparingTo(trueKwh);
            if (i > 0) {
                BookedSpan prev = booked.get(i - 1);
                assertThat(s.start().at()).as("no period booked twice").isAfterOrEqualTo(prev.end().at());
                if (s.start().meterId().equals(prev.end().meterId()) && site.meters == 1) {
                    assertThat(s.start()).as("one meter: spans meet exactly, nothing lost").isEqualTo(prev.end());
                }
            }
        }
        if (site.meters == 1 && !booked.isEmpty()) {
            Map<Instant, Long> truth = site.truthByMeter.get("M1");
            long first = truth.get(booked.getFirst().start().at());
            long last = truth.get(booked.getLast().end().at());
            BigDecimal total = booked.stream().map(BookedSpan::energyKwh).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(total).isEqualByComparingTo(BigDecimal.valueOf(last - first, 2));
        }
    }
}
