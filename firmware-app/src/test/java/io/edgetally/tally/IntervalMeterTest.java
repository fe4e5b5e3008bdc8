package io.edgetally.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.tally.ReadingCheck.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Scenarios of one meter over simulated time: what is booked, when, and what is refused. */
class IntervalMeterTest {

    private static final Instant T0 = Instant.parse("2026-07-01T08:00:00Z");
    private final MeterConfig config = new MeterConfig(Duration.ofMinutes(15), new BigDecimal("60"),
            new BigDecimal("100000"), new BigDecimal("0.01"), 3);
    private final IntervalMeter meter = new IntervalMeter(config, Optional.empty());
    private final List<BookedSpan> booked = new ArrayList<>();

    private ReadingCheck read(String meterId, double kwh, Duration sinceT0) {
        IntervalMeter.Step step = meter.onReading(new MeterReading.Ok(meterId, kwh, 0, T0.plus(sinceT0)));
        booked.addAll(step.spans());
        return step.check();
    }

    private ReadingCheck fail(Duration sinceT0) {
        return meter.onReading(new MeterReading.Failed("M1", "no answer from tcp://127.0.0.1:5020 unit 1",
                T0.plus(sinceT0))).check();
    }

    private static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void aReadingInTheNextIntervalClosesTheSpanFromTheLastBookedReading() {
        assertThat(read("M1", 1000.0, min(0)).status()).isEqualTo(Status.FIRST);
        for (int m = 1; m < 15; m++) {
            read("M1", 1000.0 + m * 0.5, min(m));
        }
        assertThat(booked).isEmpty();
        read("M1", 1007.5, min(15));
        assertThat(booked).as("a reading counts once the next one agrees with it").isEmpty();
        read("M1", 1008.0, min(16));
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.start().at()).isEqualTo(T0);
            assertThat(s.end().at()).isEqualTo(T0.plus(min(15)));
            assertThat(s.energyKwh()).isEqualByComparingTo("7.5");
        });
    }

    @Test
    void aGapBooksNothingUntilAGoodReadingSpansItThenAllOfItWithItsTrueStart() {
        read("M1", 500.0, min(0));
        read("M1", 505.0, min(10));
        for (int m = 11; m < 70; m++) {
            assertThat(fail(min(m)).status()).isEqualTo(Status.FAILED);
        }
        assertThat(booked).isEmpty();
        read("M1", 540.0, min(71));
        read("M1", 540.5, min(72));
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.start().at()).isEqualTo(T0);
            assertThat(s.end().at()).isEqualTo(T0.plus(min(71)));
            assertThat(s.energyKwh()).isEqualByComparingTo("40");
        });
    }

    @Test
    void aRegisterRolloverIsCountedAcrossTheWrap() {
        read("M1", 99995.0, min(0));
        assertThat(read("M1", 3.5, min(10)).status()).isEqualTo(Status.ROLLOVER);
        read("M1", 6.0, min(15));
        read("M1", 6.5, min(16));
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.meterSpan().startKwh()).isEqualByComparingTo("99995");
            assertThat(s.meterSpan().endKwh()).isEqualByComparingTo("6");
            assertThat(s.energyKwh()).isEqualByComparingTo("11");
        });
    }

    @Test
    void glitchesAreRefusedWithTheReasonAndTheSeriesContinues() {
        read("M1", 200.0, min(0));
        read("M1", 200.5, Duration.ofSeconds(30));
        ReadingCheck spike = read("M1", 900.0, min(1));
        assertThat(spike.status()).isEqualTo(Status.IMPLAUSIBLE);
        assertThat(spike.detail()).contains("exceeds 60 kW");
        ReadingCheck dip = read("M1", 150.0, min(2));
        assertThat(dip.status()).isEqualTo(Status.BACKWARDS);
        assertThat(dip.detail()).contains("from 200.0 to 150.0 kWh");
        assertThat(read("M1", 201.0, min(3)).status()).isEqualTo(Status.ACCEPTED);
        assertThat(read("M1", 205.0, min(0)).status()).isEqualTo(Status.NOT_LATER);
        read("M1", 210.0, min(16));
        read("M1", 210.5, min(17));
        assertThat(booked).singleElement().satisfies(s -> assertThat(s.energyKwh()).isEqualByComparingTo("10"));
    }

    @Test
    void aReplacedMeterClosesTheOldSpanAndStartsAfreshAfterConfirmation() {
        read("M1", 300.0, min(0));
        read("M1", 304.0, min(5));
        read("M1", 304.5, min(6));
        assertThat(read("M2", 12.0, min(8)).status()).isEqualTo(Status.OTHER_METER);
        assertThat(read("M2", 13.0, min(9)).status()).isEqualTo(Status.OTHER_METER);
        ReadingCheck confirmed = read("M2", 14.0, min(10));
        assertThat(confirmed.status()).isEqualTo(Status.METER_REPLACED);
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.start().meterId()).isEqualTo("M1");
            assertThat(s.end().at()).isEqualTo(T0.plus(min(5)));
            assertThat(s.energyKwh()).isEqualByComparingTo("4");
        });
        read("M2", 20.0, min(16));
        read("M2", 20.5, min(17));
        assertThat(booked).hasSize(2).last().satisfies(s -> {
            assertThat(s.start().meterId()).isEqualTo("M2");
            assertThat(s.start().at()).as("from the first reading of the new meter").isEqualTo(T0.plus(min(8)));
            assertThat(s.energyKwh()).isEqualByComparingTo("8");
        });
    }

    @Test
    void aResetRegisterIsBelievedOnlyWhenConsistentReadingsConfirmIt() {
        read("M1", 5000.0, min(0));
        read("M1", 5000.5, Duration.ofSeconds(30));
        assertThat(read("M1", 1.0, min(1)).status()).isEqualTo(Status.BACKWARDS);
        assertThat(read("M1", 2.0, min(2)).status()).isEqualTo(Status.BACKWARDS);
        assertThat(read("M1", 3.0, min(3)).status()).isEqualTo(Status.REGISTER_RESET);
        read("M1", 10.0, min(15));
        read("M1", 10.5, min(16));
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.start().kwh()).isEqualByComparingTo("1");
            assertThat(s.energyKwh()).isEqualByComparingTo("9");
        });
    }

    @Test
    void aPlausibleLookingWrongValueAfterAnOutageIsNotBookedUnlessTheNextReadingAgrees() {
        read("M1", 100.0, min(0));
        read("M1", 100.5, min(1));
        for (int m = 2; m < 600; m++) {
            fail(min(m));
        }
        // 10 hours out at up to 60 kW: a jump of 450 kWh would be possible, but the next reading disagrees.
        assertThat(read("M1", 550.0, min(600)).status()).isEqualTo(Status.ACCEPTED);
        read("M1", 140.0, min(601));
        read("M1", 140.5, min(602));
        assertThat(booked).singleElement().satisfies(s -> {
            assertThat(s.end().kwh()).isEqualByComparingTo("140");
            assertThat(s.energyKwh()).isEqualByComparingTo("40");
        });
    }

    @Test
    void aRestartContinuesFromTheCommittedAnchor() {
        RegisterReading anchor = new RegisterReading("M1", new BigDecimal("777.25"), T0);
        IntervalMeter restarted = new IntervalMeter(config, Optional.of(anchor));
        restarted.onReading(new MeterReading.Ok("M1", 780.0, 0, T0.plus(min(20))));
        IntervalMeter.Step step = restarted.onReading(new MeterReading.Ok("M1", 780.5, 0, T0.plus(min(21))));
        assertThat(step.spans()).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(anchor);
            assertThat(s.energyKwh()).isEqualByComparingTo("2.75");
        });
    }
    @Test
    void aGapLongEnoughToHideARegisterWrapIsCountedAtItsLeastAndSaysSo() {
        // a small register (999.99 kWh) and 60 kW: over 1000 / 60 h the site could draw more than it holds
        IntervalMeter small = new IntervalMeter(new MeterConfig(Duration.ofMinutes(15), new BigDecimal("60"),
                new BigDecimal("1000"), new BigDecimal("0.01"), 3), Optional.empty());
        small.onReading(new MeterReading.Ok("M1", 900.0, 0, T0));
        small.onReading(new MeterReading.Ok("M1", 900.5, 0, T0.plus(min(1))));

        ReadingCheck shortGap = small.onReading(new MeterReading.Ok("M1", 950.0, 0, T0.plus(min(61)))).check();
        ReadingCheck longGap = small.onReading(new MeterReading.Ok("M1", 30.0, 0, T0.plus(Duration.ofHours(19))))
                .check();

        assertThat(shortGap.status()).isEqualTo(Status.ACCEPTED);
        assertThat(longGap.status()).isEqualTo(Status.UNCERTAIN_GAP);
        assertThat(longGap.accepted()).isTrue();
        assertThat(longGap.detail()).contains("1140 min", "may have wrapped unseen", "130.0 kWh counted", "the least");
    }
}
