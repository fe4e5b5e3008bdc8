package io.edgetally.station.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Plans charging energy over a horizon of time steps: each energy need (a real pack, or a pack a forecast truck will
 * bring) gets energy in the cheapest steps between its release and its deadline, earliest deadline first, without
 * exceeding a station power budget per step or the pack's own power limit.
 *
 * <p>Greedy, not an LP: it runs hundreds of times a second on a Pi. Each cycle replans from the new state, so only
 * the first step's allocation is ever executed.
 */
final class ChargePlanner {

    private static final Duration FIRST_STEP = Duration.ofMinutes(1);

    /**
     * One energy need. {@code key} identifies a real pack's slot, or -1 for a forecast pack; a {@code hard} need
     * serves a truck already waiting.
     */
    record Need(int key, Instant release, Instant deadline, double gridKwh, double maxKw, boolean hard) {}

    /** The outcome for a budget: energy not delivered by its deadline, for waiting trucks and for forecast ones. */
    record Plan(double budgetKw, double[] firstStepKw, double hardShortfallKwh, double softShortfallKwh,
                double energyCost) {}

    private final Instant[] starts;
    private final long[] startsMs;
    private final double[] hours;
    private final double[] prices;
    /** Step indices grouped by price, cheapest group first, each group in time order. */
    private final int[][] byPrice;
    private final double firstStepCapKw;
    private final double laterCapKw;

    /**
     * @param now             plan start; the first step lasts one minute (or to the next aligned step boundary)
     * @param horizon         how far to plan
     * @param step            step length (aligned to the hour)
     * @param tariff          prices per step
     * @param firstStepCapKw  the hard limit now (station and external cap)
     * @param laterCapKw      the hard limit assumed for later steps
     */
    ChargePlanner(Instant now, Duration horizon, Duration step, TouTariff tariff, double firstStepCapKw,
                  double laterCapKw) {
        List<Instant> s = new ArrayList<>();
        Instant end = now.plus(horizon);
        long stepSeconds = step.toSeconds();
        Instant t = now;
        while (t.isBefore(end)) {
            s.add(t);
            long epoch = t.getEpochSecond();
            Instant next = Instant.ofEpochSecond(epoch - Math.floorMod(epoch, stepSeconds) + stepSeconds);
            if (t == now && next.isAfter(now.plus(FIRST_STEP))) {
                // a short first step: what is due now is charged now, not spread over the rest of the interval
                next = now.plus(FIRST_STEP);
            }
            t = next.isAfter(end) ? end : next;
        }
        s.add(end);
        int n = s.size() - 1;
        this.starts = s.toArray(Instant[]::new);
        this.startsMs = s.stream().mapToLong(Instant::toEpochMilli).toArray();
        this.hours = new double[n];
        this.prices = new double[n];
        for (int i = 0; i < n; i++) {
            hours[i] = Duration.between(starts[i], starts[i + 1]).toMillis() / 3_600_000.0;
            prices[i] = tariff.pricePerKwh(starts[i]);
        }
        double[] distinct = Arrays.stream(prices).distinct().sorted().toArray();
        this.byPrice = new int[distinct.length][];
        for (int g = 0; g < distinct.length; g++) {
            double price = distinct[g];
            byPrice[g] = IntStream.range(0, n).filter(i -> prices[i] == price).toArray();
        }
        this.firstStepCapKw = firstStepCapKw;
        this.laterCapKw = laterCapKw;
    }

    Instant firstStepEnd() {
        return starts[1];
    }

    double firstStepPrice() {
        return prices[0];
    }

    /** Plans every need (sorted by deadline) under a budget; the first step's kW per need in the given order. */
    Plan plan(List<Need> needsByDeadline, double budgetKw) {
        int n = hours.length;
        double[] freeKwh = new double[n];
        for (int i = 0; i < n; i++) {
            double capKw = Math.min(budgetKw, i == 0 ? firstStepCapKw : laterCapKw);
            freeKwh[i] = Math.max(0, capKw) * hours[i];
        }
        double[] firstKw = new double[needsByDeadline.size()];
        double hardShortfall = 0;
        double softShortfall = 0;
        double cost = 0;
        for (int k = 0; k < needsByDeadline.size(); k++) {
            Need need = needsByDeadline.get(k);
            double remaining = need.gridKwh();
            // a need already late still gets the first step: charging now is the best it can have
            long deadlineMs = Math.max(need.deadline().toEpochMilli(), startsMs[1]);
            long releaseMs = need.release().toEpochMilli();
            // only the steps inside the need's window, cheapest price first, earliest first within a price
            int first = stepAt(releaseMs);
            int last = stepAt(deadlineMs - 1);
            for (int[] group : byPrice) {
                int from = Arrays.binarySearch(group, first);
                for (int j = from >= 0 ? from : -from - 1; j < group.length && remaining > 1e-9; j++) {
                    int i = group[j];
                    if (i > last) {
                        break;
                    }
                    double overlapHours = overlapHours(i, releaseMs, deadlineMs);
                    if (overlapHours <= 0 || freeKwh[i] <= 1e-12) {
                        continue;
                    }
                    double take = Math.min(remaining, Math.min(freeKwh[i], need.maxKw() * overlapHours));
                    if (take <= 0) {
                        continue;
                    }
                    freeKwh[i] -= take;
                    remaining -= take;
                    cost += take * prices[i];
                    if (i == 0) {
                        firstKw[k] += take / hours[0];
                    }
                }
            }
            if (need.hard()) {
                hardShortfall += remaining;
            } else {
                softShortfall += remaining;
            }
        }
        return new Plan(budgetKw, firstKw, hardShortfall, softShortfall, cost);
    }

    /** The step containing {@code ms}, clamped to the horizon. */
    private int stepAt(long ms) {
        int idx = Arrays.binarySearch(startsMs, ms);
        int step = idx >= 0 ? idx : -idx - 2;
        return Math.max(0, Math.min(hours.length - 1, step));
    }

    private double overlapHours(int i, long fromMs, long toMs) {
        long a = Math.max(fromMs, startsMs[i]);
        long b = Math.min(toMs, startsMs[i + 1]);
        return a < b ? (b - a) / 3_600_000.0 : 0;
    }
}
