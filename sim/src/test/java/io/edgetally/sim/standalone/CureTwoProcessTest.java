package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.sim.registry.RegistryUnderTest;
import io.edgetally.sim.site.BarnWorldFile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cure with {@code edgetally sim barn --lockstep} and {@code edgetally run} as OS processes, on Debian's
 * Mosquitto and the registry that ships: run killed with SIGKILL at {@value #RUN_KILLS} random barn-hours of the
 * cure, the simulator killed and restarted {@value #SIM_KILLS} times, the broker stopped for a simulated week (from
 * barn-hour {@value #BROKER_DOWN_HOURS} to {@value #BROKER_UP_HOURS}: the cure ends while it is down) and started
 * again on the same port. Afterwards the registry holds every seq once, verified and byte for byte the device's, the
 * device has every seq acknowledged by signed acks, and the ledger is the one the same barn books without a stop,
 * record by record to the Wh. The uninterrupted barn runs beside it, on a broker and registry of its own.
 */
@EnabledIfSystemProperty(named = "edgetally.cureTwoProcess", matches = "true", disabledReason = "12 minutes on 2 cores,"
        + " and the record-by-record comparison does not hold yet: an interval whose closing cycle a kill takes ends a"
        + " cycle late, and the operator's confirmation lands a wall-time-dependent number of cycles after a step began"
        + " to wait. Run it with -Dedgetally.cureTwoProcess=true (docs/install-pi.md)")
class CureTwoProcessTest {

    private static final int RUN_KILLS = 20;
    private static final int SIM_KILLS = 2;
    private static final double BROKER_DOWN_HOURS = 5;
    private static final double BROKER_UP_HOURS = BROKER_DOWN_HOURS + 168;
    /** the kills fall in the cure (it completes at ~139 barn-hours) */
    private static final double LAST_KILL_HOURS = 136;
    /** after the broker is back: long enough to see the backlog drained with the barn running */
    private static final double END_HOURS = BROKER_UP_HOURS + 2;
    /** the energy register's resolution in a report: kWh to three decimals, the Wh */
    private static final int WH_SCALE = 3;

    private sealed interface Stop {
        double hours();

        record KillRun(double hours) implements Stop {}

        record KillSimulator(double hours) implements Stop {}

        record BrokerDown(double hours) implements Stop {}

        record BrokerUp(double hours) implements Stop {}
    }

    /** kept when the test fails: every process's log, both databases and the barn's world */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aWholeCureKilledTwentyTimesAndAWeekWithoutBrokerBooksWhatAnUninterruptedOneBooksToTheWh() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "needs Debian's mosquitto (apt-get install mosquitto)");
        long began = System.nanoTime();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int barnSeed = 1 + random.nextInt(1000);
        List<Stop> stops = schedule(random);
        String at = "seed " + seed + ", barn seed " + barnSeed;
        System.out.printf(Locale.ROOT, "cure in two processes, %s: stops %s%n", at, stops);

        try (TwoProcessBarn killed = TwoProcessBarn.start(dir.resolve("killed"), "killed", barnSeed);
             TwoProcessBarn whole = TwoProcessBarn.start(dir.resolve("whole"), "whole", barnSeed)) {
            // the uninterrupted barn goes on by itself on its own threads' worth of processes meanwhile
            CompletableFuture<Double> wholeEnd = CompletableFuture.supplyAsync(() -> {
                try {
                    double end = whole.finish(END_HOURS, "uninterrupted, " + at);
                    System.out.printf(Locale.ROOT, "  %5.0f s: the uninterrupted barn delivered and stopped%n",
                            (System.nanoTime() - began) / 1e9);
                    return end;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Instant> runKilledAt = new ArrayList<>();
            Instant brokerBackAt = Instant.EPOCH;
            for (Stop stop : stops) {
                String why = stop + ", " + at;
                killed.awaitBarnHours(stop.hours(), why);
                System.out.printf(Locale.ROOT, "  %5.0f s: %s (the uninterrupted barn at %.1f h)%n",
                        (System.nanoTime() - began) / 1e9, stop, whole.barnHours());
                switch (stop) {
                    case Stop.KillRun k -> runKilledAt.add(killed.killRun(why));
                    case Stop.KillSimulator k -> killed.killSimulator(why);
                    case Stop.BrokerDown d -> killed.broker().stop();
                    case Stop.BrokerUp u -> {
                        killed.broker().start();
                        brokerBackAt = killed.barnTime();
                    }
                }
            }
            double killedEnd = killed.finish(END_HOURS, "interrupted, " + at);
            System.out.printf(Locale.ROOT, "  %5.0f s: the interrupted barn delivered and stopped%n",
                    (System.nanoTime() - began) / 1e9);
            double wholeEndHours = wholeEnd.join();
            System.out.printf(Locale.ROOT, "cure in two processes, %s: ended at %.2f (interrupted) and %.2f "
                    + "(uninterrupted) barn-hours%n", at, killedEnd, wholeEndHours);

            List<TallyReport> ledger = checkDelivered(killed, at);
            checkDelivered(whole, at);
            assertThat(killed.count("SELECT count(*) FROM batches")).as("one cure throughout (%s)", at).isEqualTo(1);
            List<String> complete = killed.strings("SELECT at FROM events WHERE kind = 'cure-complete'");
            assertThat(complete).as("the cure completed once, the operator confirming its steps (%s)", at).hasSize(1);
            assertThat(whole.strings("SELECT at FROM events WHERE kind = 'cure-complete'"))
                    .as("the uninterrupted cure completed too (%s)", at).hasSize(1);
            assertThat(Instant.parse(complete.getFirst())).as("the cure ended while the broker was down (%s)", at)
                    .isBefore(brokerBackAt);
            List<Duration> outages = killed.strings("SELECT detail FROM events WHERE kind = 'resumed' ORDER BY id")
                    .stream().map(d -> Duration.parse(d.substring("outage ".length(), d.indexOf(',')))).toList();
            assertThat(outages).as("a resumed event per start of run after the first (%s)", at).hasSize(RUN_KILLS);
            assertThat(outages).as("the barn's time stood still while run was down (%s)", at)
                    .allSatisfy(o -> assertThat(o).isBetween(Duration.ZERO, TwoProcessBarn.CYCLE));
            checkBooksTheRegister(killed, ledger, at);
            compare(ledger, records(whole), at);
        }
        System.out.printf(Locale.ROOT, "cure in two processes: the whole test took %.0f s%n",
                (System.nanoTime() - began) / 1e9);
    }

    /**
     * The stops in barn-hour order: {@value #RUN_KILLS} kills of run and {@value #SIM_KILLS} of the simulator at
     * random tenths of a barn-hour of the cure, at least a tenth apart (each start has cycled before the next stop),
     * and the broker's week away.
     */
    private static List<Stop> schedule(Random random) {
        int first = 5;
        int last = (int) (LAST_KILL_HOURS * 10);
        List<Integer> tenths = new ArrayList<>(random.ints(first, last).filter(t -> Math.abs(t - BROKER_DOWN_HOURS * 10) > 1)
                .distinct().limit(RUN_KILLS + SIM_KILLS).boxed().toList());
        List<Integer> simulatorAt = List.of(tenths.get(0), tenths.get(1)); // which ones: as random as the rest
        List<Stop> stops = new ArrayList<>();
        for (int t : tenths.stream().sorted().toList()) {
            stops.add(simulatorAt.contains(t) ? new Stop.KillSimulator(t / 10.0) : new Stop.KillRun(t / 10.0));
        }
        stops.add(new Stop.BrokerDown(BROKER_DOWN_HOURS));
        stops.add(new Stop.BrokerUp(BROKER_UP_HOURS));
        stops.sort((a, b) -> Double.compare(a.hours(), b.hours()));
        assertThat(IntStream.range(1, stops.size()).mapToDouble(i -> stops.get(i).hours() - stops.get(i - 1).hours()))
                .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(0.1 - 1e-9));
        return stops;
    }

    /**
     * The registry holds seq 1..N of the device once each, verified (it stores nothing else), byte for byte the
     * device's rows, and refused nothing; the device has every seq acknowledged, by acks it verified with the
     * registry's key (none ignored). Returns the device's ledger.
     */
    private static List<TallyReport> checkDelivered(TwoProcessBarn barn, String at) throws Exception {
        List<TwoProcessBarn.DeviceRecord> device = barn.deviceRecords();
        RegistryUnderTest registry = barn.registry();
        List<RegistryUnderTest.Held> held = registry.reports(TwoProcessBarn.SITE, TwoProcessBarn.DEVICE);
        assertThat(device).as("the device booked records (%s)", at).isNotEmpty();
        assertThat(held).as("the registry holds each seq once, as many as the device booked (%s)", at)
                .hasSameSizeAs(device);
        for (int i = 0; i < device.size(); i++) {
            TwoProcessBarn.DeviceRecord d = device.get(i);
            RegistryUnderTest.Held h = held.get(i);
            assertThat(d.seq()).as("device seqs contiguous from 1 (%s)", at).isEqualTo(i + 1);
            assertThat(h.seq()).as("registry seqs contiguous from 1 (%s)", at).isEqualTo(i + 1);
            assertThat(h.payload()).as("seq %d at the registry byte for byte the device's (%s)", d.seq(), at)
                    .isEqualTo(d.payload());
            assertThat(h.hash()).as("seq %d's hash (%s)", d.seq(), at).isEqualTo(d.hash());
            assertThat(d.acked()).as("seq %d acknowledged on the device (%s)", d.seq(), at).isTrue();
        }
        assertThat(registry.highestContiguous(TwoProcessBarn.SITE, TwoProcessBarn.DEVICE)).as("acked up to (%s)", at)
                .isEqualTo(device.size());
        assertThat(registry.rejections(TwoProcessBarn.SITE, TwoProcessBarn.DEVICE)).as("nothing refused (%s)", at)
                .isEmpty();
        assertThat(barn.runLogLines("ignored an ack")).as("every ack the device got verified (%s)", at).isEmpty();
        assertThat(barn.count("SELECT count(*) FROM alarms WHERE code = 'uplink.ack-refused'"))
                .as("no refused-ack alarm (%s)", at).isZero();
        return records(barn);
    }

    /** The ledger books the meter register's delta to the Wh, from the cure's start, every interval once. */
    private static void checkBooksTheRegister(TwoProcessBarn barn, List<TallyReport> ledger, String at) {
        assertThat(ledger.size()).as("15-minute records to barn-hour %.0f (%s)", END_HOURS, at)
                .isGreaterThanOrEqualTo((int) (END_HOURS * 4) - 2);
        for (int i = 1; i < ledger.size(); i++) {
            assertThat(ledger.get(i).body().meter().startKwh())
                    .as("record %d starts where %d ended: no kWh twice, none lost (%s)", i + 1, i, at)
                    .isEqualByComparingTo(ledger.get(i - 1).body().meter().endKwh());
            assertThat(ledger.get(i).body().periodStart()).as("record %d (%s)", i + 1, at)
                    .isEqualTo(ledger.get(i - 1).body().periodEnd());
        }
        double booked = ledger.stream().mapToDouble(t -> t.body().meter().endKwh().doubleValue()
                - t.body().meter().startKwh().doubleValue()).sum();
        double registerDelta = ledger.getLast().body().meter().endKwh().doubleValue()
                - ledger.getFirst().body().meter().startKwh().doubleValue();
        assertThat(booked).as("booked energy = the meter register's delta, to the Wh (%s)", at)
                .isCloseTo(registerDelta, Offset.offset(0.001));
        assertThat(ledger.getFirst().body().meter().startKwh().doubleValue()).as("booked from the cure's start (%s)", at)
                .isCloseTo(0.0, Offset.offset(0.5));
        double meterNow = new BarnWorldFile(barn.worldFile()).load().importKwh();
        assertThat(meterNow - ledger.getLast().body().meter().endKwh().doubleValue())
                .as("what is not booked yet is at most the interval in progress, 54 kW for 15 min (%s)", at)
                .isBetween(0.0, 54.0 * 0.25 + 0.5);
    }

    /** Record by record over the barn time both ran: the same intervals, each starting and ending on the same Wh. */
    private static void compare(List<TallyReport> killed, List<TallyReport> whole, String at) {
        int common = Math.min(killed.size(), whole.size());
        assertThat(common).as("both ran to barn-hour %.0f (%s)", END_HOURS, at)
                .isGreaterThanOrEqualTo((int) (END_HOURS * 4) - 2);
        for (int i = 0; i < common; i++) {
            var k = killed.get(i).body();
            var w = whole.get(i).body();
            String what = String.format(Locale.ROOT, "seq %d, %s..%s: interrupted %s..%s kWh, uninterrupted %s..%s kWh"
                    + " (first record that differs; %s)", i + 1, k.periodStart(), k.periodEnd(), k.meter().startKwh(),
                    k.meter().endKwh(), w.meter().startKwh(), w.meter().endKwh(), at);
            assertThat(k.periodStart()).as(what).isEqualTo(w.periodStart());
            assertThat(k.periodEnd()).as(what).isEqualTo(w.periodEnd());
            assertThat(wh(k.meter().startKwh())).as(what).isEqualByComparingTo(wh(w.meter().startKwh()));
            assertThat(wh(k.meter().endKwh())).as(what).isEqualByComparingTo(wh(w.meter().endKwh()));
        }
    }

    private static BigDecimal wh(BigDecimal kwh) {
        return kwh.setScale(WH_SCALE, RoundingMode.HALF_EVEN);
    }

    private static List<TallyReport> records(TwoProcessBarn barn) throws Exception {
        return barn.deviceRecords().stream()
                .map(r -> TallyReportCodec.parse(r.payload().getBytes(StandardCharsets.UTF_8))).toList();
    }
}
