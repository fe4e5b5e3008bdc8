package io.edgetally.sim.station;

import io.edgetally.station.control.AnnouncedArrivals;
import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.EtaBoard;
import io.edgetally.station.control.ReceivedEta;
import io.edgetally.station.control.StationController;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * 30 simulated days at Yibin scale: controller vs naive vs perfect foresight (the controller told every arrival, and
 * an LP on naive's packs) vs a lower bound on the perfect-foresight optimum (OptimumLowerBound); then the
 * controller's cycle time for 8 and 40 packs. Not a unit test (about four minutes of CPU, two of them the bound). Run from the repository
 * root; the profile {@code bench} adds the GLOP solver the month-long bound needs (without it the bound is skipped
 * for runs over two days):
 * <pre>
 * mvn -B -q -o -Pbench -pl sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -cp "sim/target/test-classes:sim/target/classes:$(cat /tmp/cp.txt)" io.edgetally.sim.station.StationBenchmark [days] [seed]
 * </pre>
 * With {@code [days] [seed] safety marginMinutes rateMargin [capKw] [bandArrivals]} it runs a tuned controller
 * only; with {@code cycles} only the cycle-time measurement.
 *
 * <p>Measured (30 days from 2026-06-01, seed 2023, 1,515 trucks; total cost = energy + demand charge, CNY):
 * <pre>
 *                        total    energy  demand   peak kW  mean wait  max wait  cap violations
 * naive                 302,239  254,239  48,000   1200.0   0.630 min  21.6 min  0
 * controller            286,274  238,274  48,000   1200.0   0.629 min  21.6 min  0   (-5.3 % vs naive)
 * eta 60 min            263,895  215,895  48,000   1200.0   0.629 min  21.6 min  0   (an hour of dispatch ETAs)
 * clairvoyant           259,657  211,657  48,000   1200.0   0.629 min  21.6 min  0   (told every arrival)
 * LP, naive's packs     270,267  224,840  45,428   1135.7   on naive's packs and swap times
 * LP, clairvoyant's     255,533  209,712  45,821   1145.5   the best feasible perfect-foresight schedule found
 * lower bound           243,155  206,898  36,258    906.4   waits within naive's 954.1 truck-min (GLOP, 107 s)
 * </pre>
 * An LP on a run's packs keeps its pack-to-truck assignment and swap times: feasible, not the optimum. The optimum
 * lies between the lower bound and 255,533: the controller is +12.0 % to +17.7 % above it, +3.3 % to +8.5 % with an
 * hour of ETAs (naive +18.3 % to +24.3 %). See docs/benchmarks.md, also for the hedges tried and the ETA notice sweep
 * ({@code eta NOTICES ERROR_SD}) and other seeds ({@code seeds S1,S2}). Cycle time (thread CPU, 2-core machine):
 * 8 packs mean 124-157 us, 40 packs mean 522-775 us.
 */
public final class StationBenchmark {

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("cycles")) {
            cycleTimes(2023);
            return;
        }
        if (args.length == 2 && args[0].equals("seeds")) {
            for (String seed : args[1].split(",")) {
                compareOnSeed(Long.parseLong(seed));
            }
            return;
        }
        if (args.length >= 3 && args[0].equals("eta")) {
            etaSweep(args);
            return;
        }
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2023;
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), days, seed);
        if (args.length > 4) {
            var tuned = s.controllerConfig().withPlanning(Double.parseDouble(args[2]), Double.parseDouble(args[4]),
                    Duration.ofMinutes(Long.parseLong(args[3])));
            if (args.length > 5) {
                tuned = tuned.withStationCapKw(Double.parseDouble(args[5]));
            }
            if (args.length > 6) {
                tuned = tuned.withSafetyBandArrivals(Double.parseDouble(args[6]));
            }
            StationRun.Result r = s.run(new StationController(tuned));
            print("tuned", r);
            if (System.getenv("WAITS") != null) {
                printWaits("naive", s.run(new NaivePolicy(s.controllerConfig())), s);
                printWaits("tuned", r, s);
                double[] h = hourOfDay(r, s);
                StringBuilder line = new StringBuilder("tuned kWh by hour:");
                for (int i = 0; i < 24; i++) {
                    line.append(String.format(" %02d:%.0f", i, h[i]));
                }
                System.out.println(line);
            }
            return;
        }
        System.out.printf("Yibin-busiest station, %d days from %s, seed %d: %d trucks (%.1f/day)%n", days,
                s.start(), seed, s.arrivals().size(), s.arrivals().size() / (double) days);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        print("naive", naive);
        StationRun.Result ctl = s.run(new StationController(s.controllerConfig()));
        print("controller", ctl);
        // the same controller told every truck's arrival in advance: a feasible perfect-foresight schedule
        StationRun.Result seer = s.run(new StationController(s.controllerConfig(),
                AnnouncedArrivals.all(s.arrivals().stream().map(TruckArrival::at).toList())));
        print("clairvoyant", seer);
        // told by a dispatch platform one hour ahead, ETAs off by 3 min (sd) an hour out, as `edgetally run` is
        StationRun.Result hour = s.run(withEtas(s, Duration.ofHours(1), Duration.ofMinutes(3), seed));
        print("eta 60 min", hour);
        // the LP keeps naive's packs and swap times: on the clairvoyant's (whose packs wait less) ojAlgo's dense
        // simplex did not finish a window in 15 minutes
        PerfectForesightLp.Optimum lpNaive = lp(s, naive, "LP, naive's packs");
        Duration budget = OptimumLowerBound.totalWait(naive, s);
        double best = lpNaive.totalCost();
        // the best charging of the clairvoyant's and the ETA run's packs and swap times, when they wait no longer
        // than naive (the tapers of packs that wait long make ojAlgo's tableau dense: these need GLOP)
        for (var run : java.util.Map.of("clairvoyant", seer, "eta 60 min", hour).entrySet()) {
            if (OptimumLowerBound.totalWait(run.getValue(), s).compareTo(budget) > 0) {
                System.out.println("note: the " + run.getKey() + " run waits more than naive: not a bound");
                continue;
            }
            best = Math.min(best, run.getValue().totalCost());
            if (glop().isPresent()) {
                best = Math.min(best, lp(s, run.getValue(), "LP, " + run.getKey()).totalCost());
            }
        }
        System.out.println("kWh per local hour of day over the run (clairvoyant / LP on naive's packs / controller"
                + " / naive):");
        for (int h = 0; h < 24; h++) {
            System.out.printf("  %02d:00 %-6s %8.0f %8.0f %8.0f %8.0f%n", h,
                    s.controllerConfig().tariff().hourlyBands().get(h), hourOfDay(seer, s)[h],
                    lpNaive.hourOfDayKwh()[h], hourOfDay(ctl, s)[h], hourOfDay(naive, s)[h]);
        }
        System.out.printf("controller vs naive: cost %+.1f %%, energy cost %+.1f %%, peak %+.1f kW, mean wait %+.3f min%n",
                pct(ctl.totalCost(), naive.totalCost()), pct(ctl.energyCost(), naive.energyCost()),
                ctl.peakDemandKw() - naive.peakDemandKw(), ctl.meanWaitMinutes() - naive.meanWaitMinutes());
        System.out.printf("best perfect-foresight cost found %.0f CNY: controller %+.1f %%, with an hour's ETAs %+.1f %%,"
                        + " naive %+.1f %%; controller vs LP on naive's packs %+.1f %%%n", best,
                pct(ctl.totalCost(), best), pct(hour.totalCost(), best), pct(naive.totalCost(), best),
                pct(ctl.totalCost(), lpNaive.totalCost()));
        double bestFound = best;
        lowerBound(s, budget).ifPresent(lb -> System.out.printf("above the perfect-foresight optimum: controller between"
                        + " %+.1f %% and %+.1f %%, with an hour's ETAs between %+.1f %% and %+.1f %% (naive between"
                        + " %+.1f %% and %+.1f %%)%n", pct(ctl.totalCost(), bestFound), pct(ctl.totalCost(), lb.totalCost()),
                pct(hour.totalCost(), bestFound), pct(hour.totalCost(), lb.totalCost()), pct(naive.totalCost(), bestFound),
                pct(naive.totalCost(), lb.totalCost())));
        cycleTimes(seed);
    }

    /**
     * {@code eta NOTICE_MINUTES[,NOTICE_MINUTES...] ETA_ERROR_SD_MINUTES [days] [seed]}: the controller fed a
     * dispatch platform's ETA snapshots every minute (through {@link EtaBoard}, as in the service), per notice.
     */
    private static void etaSweep(String[] args) {
        double errorSd = Double.parseDouble(args[2]);
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 2023;
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), days, seed);
        for (String n : args[1].split(",")) {
            StationRun.Result r = s.run(withEtas(s, Duration.ofMinutes(Long.parseLong(n)),
                    Duration.ofSeconds(Math.round(errorSd * 60)), seed));
            print("eta " + n + "min", r);
        }
    }

    /** {@code seeds S1,S2,...}: naive, controller, an hour's ETAs and clairvoyant on 30 days of each seed. */
    private static void compareOnSeed(long seed) {
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), 30, seed);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        StationRun.Result ctl = s.run(new StationController(s.controllerConfig()));
        StationRun.Result hour = s.run(withEtas(s, Duration.ofHours(1), Duration.ofMinutes(3), seed));
        StationRun.Result seer = s.run(new StationController(s.controllerConfig(),
                AnnouncedArrivals.all(s.arrivals().stream().map(TruckArrival::at).toList())));
        System.out.printf("seed %d (%d trucks): naive %.0f (wait %.3f) | controller %.0f (%.3f) %+.1f %% | eta 60 min"
                        + " %.0f (%.3f) %+.1f %% | clairvoyant %.0f (%.3f)%n", seed, s.arrivals().size(),
                naive.totalCost(), naive.meanWaitMinutes(), ctl.totalCost(), ctl.meanWaitMinutes(),
                pct(ctl.totalCost(), seer.totalCost()), hour.totalCost(), hour.meanWaitMinutes(),
                pct(hour.totalCost(), seer.totalCost()), seer.totalCost(), seer.meanWaitMinutes());
    }

    /** The controller fed ETA snapshots each cycle by a simulated dispatch platform. */
    static ChargingPolicy withEtas(StationScenario s, Duration notice, Duration errorSd, long seed) {
        EtaBoard board = new EtaBoard(Duration.ofMinutes(3), Duration.ofHours(2));
        DispatchFeed feed = new DispatchFeed(s.arrivals(), notice, errorSd, seed);
        StationController controller = new StationController(s.controllerConfig(), board);
        // as in the service: what the feed sent arrives with the cycle's snapshot, and the controller hands it over
        return (snapshot, now) -> controller.step(snapshot.withEtas(List.of(new ReceivedEta(feed.snapshotAt(now),
                now))), now);
    }

    private static PerfectForesightLp.Optimum lp(StationScenario s, StationRun.Result assignment, String name) {
        long t0 = System.nanoTime();
        PerfectForesightLp.Optimum opt = new PerfectForesightLp(s.modelConfig(), s.controllerConfig().tariff(),
                s.start(), s.length(), assignment, glop().orElseGet(OjAlgoLpSolver::new)).solve();
        System.out.printf("%-17s grid %9.0f kWh | energy %9.0f + demand %8.0f = %9.0f CNY | peak %6.1f kW"
                        + " | kWh peak/flat/valley %.0f/%.0f/%.0f | %d LP solves (%d with the looser taper) in %.1f s%n",
                name, opt.gridKwh(), opt.energyCost(), opt.demandCharge(), opt.totalCost(), opt.peakKw(),
                opt.bandKwh()[0], opt.bandKwh()[1], opt.bandKwh()[2], opt.lpSolves(), opt.looserTaperSolves(),
                (System.nanoTime() - t0) / 1e9);
        return opt;
    }

    /**
     * The LP lower bound on the perfect-foresight optimum with naive's total waiting as the budget: GLOP when the
     * {@code bench} profile put it on the classpath, else ojAlgo for a run of up to two days.
     */
    private static Optional<OptimumLowerBound.Bound> lowerBound(StationScenario s, Duration waitBudget) {
        Optional<LpSolver> glop = glop();
        if (glop.isEmpty() && s.length().compareTo(Duration.ofDays(2)) > 0) {
            System.out.println("lower bound: skipped, a run over two days needs the GLOP solver (Maven profile bench,"
                    + " see the class comment)");
            return Optional.empty();
        }
        OptimumLowerBound.Bound b = new OptimumLowerBound(s, waitBudget, OptimumLowerBound.Options.defaults())
                .solve(glop.orElseGet(OjAlgoLpSolver::new));
        OptimumLowerBound.Stats st = b.stats();
        System.out.printf("%-17s grid %9.0f kWh | energy %9.0f + demand %8.0f = %9.0f CNY | peak %6.1f kW"
                        + " | kWh peak/flat/valley %.0f/%.0f/%.0f (+%.0f late, at valley price) | wait %.1f (bay) + %.1f"
                        + " of %.1f truck-min | %s: %d columns, %d rows, %d jobs, solved in %.1f s%n", "lower bound", b.gridKwh(),
                b.energyCost(), b.demandCharge(), b.totalCost(), b.peakKw(), b.bandKwh()[0], b.bandKwh()[1],
                b.bandKwh()[2], b.tailKwh(), b.bayWaitMinutes(), b.extraWaitMinutes(), waitBudget.toMillis() / 60_000.0, st.solver(),
                st.columns(), st.rows(), st.jobs(), st.buildSeconds() + st.solveSeconds());
        return Optional.of(b);
    }

    /** GLOP when the {@code bench} profile put it on the classpath. */
    private static Optional<LpSolver> glop() {
        try {
            return ServiceLoader.load(LpSolver.class).findFirst();
        } catch (ServiceConfigurationError | NoClassDefFoundError staleBenchBuild) {
            // GlopLpSolver left in target/ by an earlier -Pbench build, OR-Tools not on this classpath
            System.out.println("GLOP found but not loadable (" + staleBenchBuild.getMessage()
                    + "); rebuild with -Pbench, or clean");
            return Optional.empty();
        }
    }

    /** Controller step time for an 8-pack and a 40-pack station (3 simulated days each, one-minute cycles). */
    static void cycleTimes(long seed) {
        for (int factor : new int[] {1, 5}) {
            StationScenario big = StationScenario.scaled(LocalDate.of(2026, 6, 1), 3, seed, factor);
            StationRun.Result r = big.run(new StationController(big.controllerConfig()));
            System.out.printf("cycle time, %d packs (%d trucks/day, cap %.0f kW): mean %.0f us, p99 %.0f us, max %.0f us"
                            + " over %d cycles (3 days, first cycles include JIT warm-up)%n", 8 * factor,
                    big.arrivals().size() / 3, big.controllerConfig().stationCapKw(), r.meanStepMicros(),
                    r.p99StepMicros(), r.maxStepMicros(), 3 * 1440);
        }
    }

    static void print(String name, StationRun.Result r) {
        System.out.printf("%-11s grid %9.0f kWh | energy %9.0f + demand %8.0f = %9.0f CNY | peak %6.1f kW"
                        + " | kWh peak/flat/valley %.0f/%.0f/%.0f | swaps %d (left waiting %d), wait mean %.3f max %.1f min"
                        + " | to trucks %.0f kWh | cap violations %d%n",
                name, r.gridKwh(), r.energyCost(), r.demandCharge(), r.totalCost(), r.peakDemandKw(),
                r.bandKwh()[0], r.bandKwh()[1], r.bandKwh()[2], r.swaps().size(), r.stillWaiting(), r.meanWaitMinutes(), r.maxWaitMinutes(),
                r.energyToTrucksKwh(), r.capViolations());
    }

    /** Truck-minutes of waiting per local hour of arrival, and how many trucks waited over 5 minutes. */
    static void printWaits(String name, StationRun.Result r, StationScenario s) {
        double[] minutes = new double[24];
        int[] over5 = new int[24];
        for (SwapStationModel.ServedSwap swap : r.swaps()) {
            int h = swap.arrivedAt().atZone(s.controllerConfig().tariff().zone()).getHour();
            double w = swap.waited().toMillis() / 60_000.0;
            minutes[h] += w;
            if (w > 5) {
                over5[h]++;
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-8s wait min by hour:", name));
        for (int h = 0; h < 24; h++) {
            line.append(String.format(" %02d:%.0f/%d", h, minutes[h], over5[h]));
        }
        System.out.println(line);
    }

    /** Grid energy per local hour of day, summed over the run. */
    static double[] hourOfDay(StationRun.Result r, StationScenario s) {
        double[] hours = new double[24];
        for (int k = 0; k < r.intervalKwh().length; k++) {
            int h = s.start().plus(Duration.ofMinutes(15L * k)).atZone(s.controllerConfig().tariff().zone()).getHour();
            hours[h] += r.intervalKwh()[k];
        }
        return hours;
    }

    private static double pct(double a, double b) {
        return 100 * (a - b) / b;
    }
}
