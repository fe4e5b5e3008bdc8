package io.edgetally.sim.station;

import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.TouTariff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cost no charging schedule of a scenario can beat: the optimum of a relaxation of the perfect-foresight problem,
 * solved as one LP over the whole run. Where the clairvoyant controller (a feasible perfect-foresight schedule) gives
 * an upper bound on the optimum, this gives the lower one.
 *
 * <p><b>The problem bounded.</b> Every charging schedule on the scenario's station model (the cap at every instant,
 * each charger's grid power, the pack's C-rate and taper, packs handed out at the ready SOC, swaps in arrival order
 * through the swap bays, returned packs back in a slot one swap duration after the swap started) whose trucks wait,
 * in total, at most {@code waitBudget}; a truck's wait is counted up to the end of the run if it is still waiting
 * then. Cost as {@link StationRun} bills it: energy per 15-minute interval at the interval's price, plus the demand
 * charge on the highest 15-minute average, prorated to the run's length.
 *
 * <p><b>Why the LP is a relaxation</b> (each real schedule maps onto an LP solution of no higher cost):
 * <ul>
 * <li>Truck i's swap cannot start before b_i, the start it would get if only the bays held trucks back (FIFO:
 *     b_i = max(a_i, b_(i-1), b_(i-bays) + swap)). So its pack is returned at or after b_i + swap: the LP's "job" i,
 *     a need of G_i grid kWh ((ready SOC - tolerance - returned SOC) x capacity / efficiencies), may take energy
 *     from then on. Packs are not tied to trucks: any finished job serves any truck.</li>
 * <li>Readiness is counted fractionally: the number of swaps started by any instant is at most the packs ready at
 *     the start plus the jobs finished by then, and a job's fraction done (energy / G_i, at most 1) is at least
 *     whether it is finished. The count is kept at every 15-minute boundary; at each b_i and the points {@code
 *     serviceOffsets} after it, it is bounded by the next boundary's and by the last one's plus the most the station
 *     could add in between (the cap spread over the smallest open jobs, each at most a charger's power).</li>
 * <li>Waiting: with S the swaps started and B the trucks past their b_i, the real extra wait is the integral of
 *     B - S, at least the sum over the points' gaps of (B before the gap - swaps started before its end) x gap. So a
 *     truck served within the first gap after b_i (at most the first offset) may be credited no wait. The budget
 *     less the bays' unavoidable waiting bounds that sum.</li>
 * <li>Power: each job at most one charger's grid power (C-rate included) over each 15-minute interval, the
 *     station's sum at most the cap and at most the peak level P; the taper and pack temperature are dropped
 *     (over a 15-minute step the taper lowers the most a pack can take by under 0.01 SOC). Energy a real schedule
 *     puts into a pack beyond the ready SOC is left out of its image, which only lowers the cost.</li>
 * <li>Windows, to keep the LP small: job i has per-interval variables from its release for {@code jobWindow};
 *     whatever a real schedule gives it later goes into one "tail" variable, priced at the cheapest band, free of
 *     the cap and the peak, and counted as done already at the window's end. Dropping constraints, pricing low and
 *     counting early only relax.</li>
 * </ul>
 * Not modelled, each a relaxation: the 8 slots (at most 8 packs charging), temperature, integrality of the counts.
 * The bound is therefore not attainable; how close it is shows in the gap to the clairvoyant controller.
 */
final class OptimumLowerBound {

    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final long INTERVAL_MS = INTERVAL.toMillis();

    /**
     * @param jobWindow       how long after its release a job's energy is modelled per interval (then: its tail)
     * @param serviceOffsets  service points after each b_i: each checks readiness once more and splits the
     *                        wait accounting finer; the first is the most a service may slip without counting as wait
     */
    record Options(Duration jobWindow, List<Duration> serviceOffsets) {
        Options {
            serviceOffsets = List.copyOf(serviceOffsets);
            if (serviceOffsets.isEmpty() || serviceOffsets.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("lower bound: serviceOffsets must be positive and at least one,"
                        + " got " + serviceOffsets);
            }
        }

        /** 24-hour windows (a longer one changed the month's bound by under 0.01 %); points 1-32 min after b_i. */
        static Options defaults() {
            return new Options(Duration.ofHours(24), Stream.of(1, 2, 4, 8, 16, 32).map(Duration::ofMinutes).toList());
        }
    }

    /**
     * The bound and how it was found; costs in the tariff's currency. {@code bandKwh} (PEAK, FLAT, VALLEY) leaves out
     * {@code tailKwh}, the energy given to jobs after their window (priced at the cheapest band). The trucks' waiting
     * in the relaxed schedule: {@code bayWaitMinutes} that the swap bays force whatever the packs, plus
     * {@code extraWaitMinutes} (as the LP counts it, a lower bound on the real extra).
     */
    record Bound(double energyCost, double demandCharge, double peakKw, double gridKwh, double[] bandKwh,
                 double tailKwh, double bayWaitMinutes, double extraWaitMinutes, Stats stats) {
        double totalCost() {
            return energyCost + demandCharge;
        }
    }

    record Stats(String solver, int jobs, int servicePoints, int columns, int rows, int nonZeros, double buildSeconds,
                 double solveSeconds) {}

    private final StationScenario scenario;
    private final StationModelConfig model;
    private final TouTariff tariff;
    private final double waitBudgetMinutes;
    private final Options options;

    OptimumLowerBound(StationScenario scenario, Duration waitBudget, Options options) {
        this.scenario = scenario;
        this.model = scenario.modelConfig();
        this.tariff = scenario.controllerConfig().tariff();
        this.waitBudgetMinutes = waitBudget.toMillis() / 60_000.0;
        this.options = options;
        if (scenario.length().toMillis() % INTERVAL_MS != 0) {
            throw new IllegalArgumentException("lower bound: the run's length must be whole 15-minute intervals, got "
                    + scenario.length());
        }
    }

    /**
     * Total truck waiting of a run within its horizon: each served swap's wait, and for a truck not among them
     * (still queued, or mid-swap at the end) the time from its arrival to the end, which is at least its wait.
     */
    static Duration totalWait(StationRun.Result run, StationScenario scenario) {
        Set<String> served = new HashSet<>();
        long ms = 0;
        for (SwapStationModel.ServedSwap s : run.swaps()) {
            served.add(s.truckId() + "@" + s.arrivedAt());
            ms += s.waited().toMillis();
        }
        Instant end = scenario.start().plus(scenario.length());
        for (TruckArrival a : scenario.arrivals()) {
            if (!served.contains(a.truckId() + "@" + a.at()) && a.at().isBefore(end)) {
                ms += Duration.between(a.at(), end).toMillis();
            }
        }
        return Duration.ofMillis(ms);
    }

    Bound solve(LpSolver solver) {
        long t0 = System.nanoTime();
        Formulation f = new Formulation();
        long t1 = System.nanoTime();
        double[] x = solver.minimise(f.lp);
        long t2 = System.nanoTime();
        return f.bound(x, new Stats(solver.name(), f.jobCount(), f.points.length, f.lp.columns(), f.lp.rows().size(),
                f.lp.nonZeros(), (t1 - t0) / 1e9, (t2 - t1) / 1e9));
    }

    /** One job: a returned (or initially short) pack needing {@code needKwh} grid kWh, released at a time. */
    private record Job(long releaseMs, double needKwh) {}

    /** The LP and the indices needed to read its solution. */
    private final class Formulation {
        final SparseLp lp = new SparseLp();
        final long endMs = scenario.length().toMillis();
        final int intervals = (int) (endMs / INTERVAL_MS);
        final double pmaxKw = Math.min(model.chargerMaxKw(),
                model.maxCRate() * model.packCapacityKwh() / model.chargerEfficiency());
        final double capKw = model.stationCapKw();
        final List<Job> jobs = new ArrayList<>();
        /** Release times of jobs that need nothing (ready on return): constant counts. */
        final List<Long> readyOnReturn = new ArrayList<>();
        double baseReady;
        long[] bayStartMs;
        long[] points;
        final int peak;
        final int[] count;
        final List<List<int[]>> intervalColumns = new ArrayList<>();
        final List<int[]> tails = new ArrayList<>();
        double bayWaitMinutes;
        int[] beforeColumns;

        Formulation() {
            bayStarts();
            jobs();
            peak = lp.column(0, capKw, tariff.demandChargePerKwMonth() * endMs / Duration.ofDays(30).toMillis());
            count = new int[intervals + 1];
            for (int k = 1; k <= intervals; k++) {
                count[k] = lp.column(0, Double.POSITIVE_INFINITY, 0);
            }
            for (int k = 0; k < intervals; k++) {
                intervalColumns.add(new ArrayList<>());
            }
            energyColumns();
            countRows();
            service();
        }

        int jobCount() {
            return jobs.size() + readyOnReturn.size();
        }

        private void bayStarts() {
            List<TruckArrival> arrivals = scenario.arrivals();
            bayStartMs = new long[arrivals.size()];
            int bays = model.swapBays();
            long swapMs = model.swapDuration().toMillis();
            for (int i = 0; i < arrivals.size(); i++) {
                long a = Duration.between(scenario.start(), arrivals.get(i).at()).toMillis();
                if (a < 0 || (i > 0 && arrivals.get(i).at().isBefore(arrivals.get(i - 1).at()))) {
                    throw new IllegalArgumentException("lower bound: arrivals must be in time order from the start,"
                            + " truck " + arrivals.get(i).truckId() + " at " + arrivals.get(i).at() + " is not");
                }
                long b = a;
                if (i > 0) {
                    b = Math.max(b, bayStartMs[i - 1]);
                }
                if (i >= bays) {
                    b = Math.max(b, bayStartMs[i - bays] + swapMs);
                }
                bayStartMs[i] = b;
                if (a < endMs) {
                    bayWaitMinutes += (Math.min(b, endMs) - a) / 60_000.0;
                }
            }
        }

        private void jobs() {
            double readyLevel = model.readySoc() - StationControllerConfig.SOC_TOLERANCE;
            double gridPerStored = 1 / (model.chargerEfficiency() * model.batteryEfficiency());
            if (model.initialSoc() >= readyLevel) {
                baseReady = model.slots();
            } else {
                double need = (readyLevel - model.initialSoc()) * model.packCapacityKwh() * gridPerStored;
                for (int s = 0; s < model.slots(); s++) {
                    jobs.add(new Job(0, need));
                }
            }
            long swapMs = model.swapDuration().toMillis();
            for (int i = 0; i < bayStartMs.length; i++) {
                long release = bayStartMs[i] + swapMs;
                if (release >= endMs) {
                    continue;
                }
                double need = (readyLevel - scenario.arrivals().get(i).returnSoc()) * model.packCapacityKwh()
                        * gridPerStored;
                if (need <= 0) {
                    readyOnReturn.add(release);
                } else {
                    jobs.add(new Job(release, need));
                }
            }
        }

        /** Per-job energy per interval of its window, its tail, and its need row; the station's rows per interval. */
        private void energyColumns() {
            double cheapest = Math.min(tariff.peakPricePerKwh(), Math.min(tariff.flatPricePerKwh(),
                    tariff.valleyPricePerKwh()));
            long windowMs = options.jobWindow().toMillis();
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                int first = (int) (job.releaseMs() / INTERVAL_MS);
                int last = (int) Math.min(intervals - 1, (job.releaseMs() + windowMs - 1) / INTERVAL_MS);
                SparseLp.Row need = lp.row(Double.NEGATIVE_INFINITY, job.needKwh());
                for (int k = first; k <= last; k++) {
                    double hours = (Math.min((k + 1) * INTERVAL_MS, endMs) - Math.max(k * INTERVAL_MS,
                            job.releaseMs())) / 3_600_000.0;
                    int e = lp.column(0, pmaxKw * hours, tariff.pricePerKwh(instant(k * INTERVAL_MS)));
                    need.add(e, 1);
                    intervalColumns.get(k).add(new int[] {e, j});
                }
                if (last + 1 < intervals) {
                    int tail = lp.column(0, job.needKwh(), cheapest);
                    need.add(tail, 1);
                    tails.add(new int[] {tail, j, last + 1});
                }
            }
            for (int k = 0; k < intervals; k++) {
                SparseLp.Row station = lp.row(Double.NEGATIVE_INFINITY, 0).add(peak, -INTERVAL_MS / 3_600_000.0);
                for (int[] e : intervalColumns.get(k)) {
                    station.add(e[0], 1);
                }
            }
        }

        /** count[k]: packs ready at the start plus jobs' fractions done by boundary k (an upper bound on it). */
        private void countRows() {
            List<List<int[]>> tailsAt = new ArrayList<>();
            for (int k = 0; k <= intervals; k++) {
                tailsAt.add(new ArrayList<>());
            }
            for (int[] t : tails) {
                tailsAt.get(t[2]).add(t);
            }
            for (int k = 1; k <= intervals; k++) {
                double constant = readyOnReturnIn((k - 1) * INTERVAL_MS, k * INTERVAL_MS) + (k == 1 ? baseReady : 0);
                SparseLp.Row row = lp.row(Double.NEGATIVE_INFINITY, constant).add(count[k], 1);
                if (k > 1) {
                    row.add(count[k - 1], -1);
                }
                for (int[] e : intervalColumns.get(k - 1)) {
                    row.add(e[0], -1 / jobs.get(e[1]).needKwh());
                }
                for (int[] t : tailsAt.get(k)) {
                    row.add(t[0], -1 / jobs.get(t[1]).needKwh());
                }
            }
        }

        private double readyOnReturnIn(long fromExclusiveMs, long toInclusiveMs) {
            return readyOnReturn.stream().filter(r -> r > fromExclusiveMs && r <= toInclusiveMs).count();
        }

        /** The most the count can rise per hour in interval k: the cap over the smallest jobs open in it. */
        private double maxCountRatePerHour(int k) {
            double[] needs = intervalColumns.get(k).stream().mapToDouble(e -> jobs.get(e[1]).needKwh()).sorted()
                    .toArray();
            double left = capKw;
            double rate = 0;
            for (double need : needs) {
                if (left <= 0) {
                    break;
                }
                double kw = Math.min(pmaxKw, left);
                rate += kw / need;
                left -= kw;
            }
            return rate;
        }

        /** Swaps started by and before each point, their count limits, and the waiting budget. */
        private void service() {

            List<Long> all = new ArrayList<>();
            for (int k = 0; k <= intervals; k++) {
                all.add(k * INTERVAL_MS);
            }
            for (long b : bayStartMs) {
                if (b < endMs) {
                    all.add(b);
                    for (Duration offset : options.serviceOffsets()) {
                        all.add(Math.min(endMs, b + offset.toMillis()));
                    }
                }
            }
            points = all.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            long[] sortedBay = Arrays.stream(bayStartMs).filter(b -> b < endMs).sorted().toArray();
            double[] rates = new double[intervals];
            for (int k = 0; k < intervals; k++) {
                rates[k] = maxCountRatePerHour(k);
            }
            double extraBudget = waitBudgetMinutes - bayWaitMinutes;
            if (extraBudget < -1e-9) {
                throw new IllegalArgumentException(String.format("lower bound: a wait budget of %.1f truck-minutes is"
                        + " below the %.1f the swap bays alone force on these arrivals", waitBudgetMinutes,
                        bayWaitMinutes));
            }
            int[] arrived = new int[points.length];
            double arrivedMinutes = 0;
            for (int m = 0, b = 0; m < points.length; m++) {
                while (b < sortedBay.length && sortedBay[b] <= points[m]) {
                    b++;
                }
                arrived[m] = b;
                if (m > 0) {
                    arrivedMinutes += arrived[m - 1] * (points[m] - points[m - 1]) / 60_000.0;
                }
            }
            // sum over gaps of (arrived before the gap - started before its end) x gap <= the extra budget
            SparseLp.Row waitRow = lp.row(Double.NEGATIVE_INFINITY, Math.max(0, extraBudget) - arrivedMinutes);
            beforeColumns = new int[points.length];
            int previousServed = -1;
            for (int m = 0; m < points.length; m++) {
                long tau = points[m];
                int served = lp.column(0, arrived[m], 0);
                if (m > 0) {
                    int before = lp.column(0, arrived[m - 1], 0);
                    beforeColumns[m] = before;
                    lp.row(0, Double.POSITIVE_INFINITY).add(before, 1).add(previousServed, -1);
                    lp.row(0, Double.POSITIVE_INFINITY).add(served, 1).add(before, -1);
                    waitRow.add(before, -(tau - points[m - 1]) / 60_000.0);
                }
                int k = (int) (tau / INTERVAL_MS);
                if (tau % INTERVAL_MS == 0) {
                    countAtMost(served, k, 0);
                } else {
                    countAtMost(served, k + 1, 0);
                    countAtMost(served, k, rates[k] * (tau - k * INTERVAL_MS) / 3_600_000.0
                            + readyOnReturnIn(k * INTERVAL_MS, tau));
                }
                previousServed = served;
            }
        }

        /** served <= count[k] + slack (count[0] is the packs ready at the start). */
        private void countAtMost(int served, int k, double slack) {
            if (k == 0) {
                lp.row(Double.NEGATIVE_INFINITY, baseReady + slack).add(served, 1);
            } else {
                lp.row(Double.NEGATIVE_INFINITY, slack).add(served, 1).add(count[k], -1);
            }
        }

        private Instant instant(long ms) {
            return scenario.start().plusMillis(ms);
        }

        Bound bound(double[] x, Stats stats) {
            double energyCost = 0;
            double grid = 0;
            double[] bands = new double[3];
            for (int k = 0; k < intervals; k++) {
                TouTariff.Band band = tariff.band(instant(k * INTERVAL_MS));
                for (int[] e : intervalColumns.get(k)) {
                    double kwh = x[e[0]];
                    energyCost += kwh * lp.cost(e[0]);
                    grid += kwh;
                    bands[band.ordinal()] += kwh;
                }
            }
            double tailKwh = 0;
            for (int[] t : tails) {
                tailKwh += x[t[0]];
                energyCost += x[t[0]] * lp.cost(t[0]);
            }
            double extraWait = 0;
            for (int m = 1; m < points.length; m++) {
                int arrivedBefore = (int) lp.upper(beforeColumns[m]);
                extraWait += (arrivedBefore - x[beforeColumns[m]]) * (points[m] - points[m - 1]) / 60_000.0;
            }
            return new Bound(energyCost, x[peak] * lp.cost(peak), x[peak], grid + tailKwh, bands, tailKwh,
                    bayWaitMinutes, extraWait, stats);
        }
    }
}
