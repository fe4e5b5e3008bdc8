package io.edgetally.sim.station;

import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationSnapshot;
import io.edgetally.station.control.TouTariff;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a policy against the station model cycle by cycle (read snapshot, step, write setpoints, advance) and adds up
 * what the bill and the drivers would see.
 */
public final class StationRun {

    /** Called after every cycle, e.g. for a progress bar, samples or a plot. */
    @FunctionalInterface
    public interface Observer {
        void onCycle(Instant now, StationSnapshot snapshot, StationCommand command, SwapStationModel model);
    }

    /**
     * What a run cost and how the trucks fared.
     *
     * @param gridKwh            revenue meter delta
     * @param energyCost         sum of 15-minute energy x price
     * @param peakDemandKw       highest 15-minute average import
     * @param demandCharge       peak x demand rate, prorated to the run's length (30 days = one month)
     * @param bandKwh            grid energy per tariff band (PEAK, FLAT, VALLEY)
     * @param intervalKwh        grid energy per 15-minute interval
     * @param socEvery15Min      per interval start, each slot's SOC (NaN while a swap has the slot empty)
     * @param finalSoc           each slot's SOC at the end (NaN if mid-swap)
     * @param energyToTrucksKwh  sum over swaps of (socOut - socIn) x capacity
     * @param stillWaiting       trucks in the queue at the end
     * @param capViolations      model substeps over the cap
     * @param meanStepMicros     mean controller step time (thread CPU time)
     * @param p99StepMicros      99th percentile of the step time
     * @param maxStepMicros      slowest controller step
     */
    public record Result(double gridKwh, double energyCost, double peakDemandKw, double demandCharge,
                         double[] bandKwh, double[] intervalKwh, List<double[]> socEvery15Min, double[] finalSoc,
                         List<SwapStationModel.ServedSwap> swaps, double energyToTrucksKwh, int stillWaiting,
                         long capViolations, double meanStepMicros, double p99StepMicros,
                         double maxStepMicros) {

        public double totalCost() {
            return energyCost + demandCharge;
        }

        public double meanWaitMinutes() {
            return swaps.stream().mapToDouble(s -> s.waited().toMillis() / 60_000.0).average().orElse(0);
        }

        public double maxWaitMinutes() {
            return swaps.stream().mapToDouble(s -> s.waited().toMillis() / 60_000.0).max().orElse(0);
        }

        public double valleyShare() {
            return bandKwh[TouTariff.Band.VALLEY.ordinal()] / gridKwh;
        }
    }

    private static final Duration INTERVAL = Duration.ofMinutes(15);

    private StationRun() {}

    public static Result run(SwapStationModel model, ChargingPolicy policy, TouTariff tariff, Duration cycle,
                             Duration length, Observer observer) {
        if (Duration.ofMinutes(15).toMillis() % cycle.toMillis() != 0) {
            throw new IllegalArgumentException("cycle must divide 15 minutes, got " + cycle);
        }
        Instant start = model.now();
        Instant end = start.plus(length);
        int intervals = (int) (length.toMillis() / INTERVAL.toMillis());
        double[] intervalKwh = new double[intervals];
        double[] band = new double[3];
        List<double[]> socs = new ArrayList<>();
        double startKwh = model.gridImportKwh();
        double intervalStartKwh = startKwh;
        Instant intervalStart = start;
        List<Long> stepNanos = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        socs.add(socs(model));
        while (model.now().isBefore(end)) {
            Instant now = model.now();
            StationSnapshot snapshot = model.snapshot();
            // CPU time of this thread: what the step costs, without the waits of a busy machine's scheduler
            long t0 = threads.getCurrentThreadCpuTime();
            StationCommand command = policy.step(snapshot, now);
            stepNanos.add(threads.getCurrentThreadCpuTime() - t0);
            model.apply(command.setpoints());
            observer.onCycle(now, snapshot, command, model);
            model.advance(cycle);
            if (!model.now().isBefore(intervalStart.plus(INTERVAL))) {
                int k = (int) (Duration.between(start, intervalStart).toMillis() / INTERVAL.toMillis());
                double kwh = model.gridImportKwh() - intervalStartKwh;
                if (k < intervals) {
                    intervalKwh[k] = kwh;
                }
                band[tariff.band(intervalStart).ordinal()] += kwh;
                intervalStartKwh = model.gridImportKwh();
                intervalStart = intervalStart.plus(INTERVAL);
                socs.add(socs(model));
            }
        }
        double energyCost = 0;
        double peak = 0;
        for (int k = 0; k < intervals; k++) {
            energyCost += intervalKwh[k] * tariff.pricePerKwh(start.plus(INTERVAL.multipliedBy(k)));
            peak = Math.max(peak, intervalKwh[k] / 0.25);
        }
        double months = length.toMillis() / (double) Duration.ofDays(30).toMillis();
        List<SwapStationModel.ServedSwap> swaps = model.served();
        double capacity = model.config().packCapacityKwh();
        double toTrucks = swaps.stream().mapToDouble(s -> (s.socOut() - s.socIn()) * capacity).sum();
        return new Result(model.gridImportKwh() - startKwh, energyCost, peak,
                peak * tariff.demandChargePerKwMonth() * months, band, intervalKwh, socs, socs(model), swaps,
                toTrucks, model.trucksWaiting(), model.capViolations(),
                stepNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0,
                percentile(stepNanos, 0.99) / 1000.0, percentile(stepNanos, 1.0) / 1000.0);
    }

    private static double percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double[] socs(SwapStationModel model) {
        double[] s = new double[model.config().slots()];
        for (int i = 0; i < s.length; i++) {
            s[i] = model.swapInProgress(i) ? Double.NaN : model.soc(i);
        }
        return Arrays.copyOf(s, s.length);
    }
}
