package io.edgetally.sim.station;

import io.edgetally.station.StationController;
import java.time.LocalDate;

/**
 * 30 simulated days at Yibin scale: controller vs naive vs the perfect-foresight LP; controller cycle time for 8 and
 * 40 packs. Not a unit test (minutes of CPU). Run:
 * {@code mvn -o -q -pl sim -am test-compile} then
 * {@code java -cp "sim/target/test-classes:sim/target/classes:$(cat cp.txt)" io.edgetally.sim.station.StationBenchmark [days] [seed]}.
 */
public final class StationBenchmark {

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2023;
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), days, seed);
        System.out.printf("arrivals: %d over %d days (%.1f/day)%n", s.arrivals().size(), days,
                s.arrivals().size() / (double) days);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        print("naive", naive);
        if (args.length > 3) {
            var tuned = s.controllerConfig().withPlanning(Double.parseDouble(args[2]), Double.parseDouble(args[4]),
                    java.time.Duration.ofMinutes(Long.parseLong(args[3])));
            print("ctl " + args[2] + "/" + args[3] + "/" + args[4], s.run(new StationController(tuned)));
            return;
        }
        StationRun.Result ctl = s.run(new StationController(s.controllerConfig()));
        print("controller", ctl);
    }

    static void print(String name, StationRun.Result r) {
        System.out.printf("%-11s grid %9.0f kWh (%.0f/day) energy %9.0f demand %8.0f total %9.0f CNY | peak %6.1f kW"
                        + " | valley %4.1f %% | swaps %d, waiting %d, mean wait %.2f min, max %.1f | to trucks %.0f kWh"
                        + " | cap violations %d | step mean %.0f us max %.0f us%n",
                name, r.gridKwh(), r.gridKwh() / (r.intervalKwh().length / 96.0), r.energyCost(), r.demandCharge(),
                r.totalCost(), r.peakDemandKw(), 100 * r.valleyShare(), r.swaps().size(), r.stillWaiting(),
                r.meanWaitMinutes(), r.maxWaitMinutes(), r.energyToTrucksKwh(), r.capViolations(),
                r.meanStepMicros(), r.maxStepMicros());
    }
}
