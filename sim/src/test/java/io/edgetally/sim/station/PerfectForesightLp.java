package io.edgetally.sim.station;

import io.edgetally.station.control.TouTariff;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The cheapest charging of a given run's packs: a linear program over 15-minute steps that knows every truck in
 * advance. It charges exactly the packs the given run (naive's, in the benchmark) had in each slot, hands each to its
 * truck at that run's swap time with at least the SOC that run gave, and minimises energy cost plus demand charge
 * under the cap, the chargers' power, the packs' C-rate and taper (taper from the SOC at mid-step). It is the optimum
 * for that pack assignment and those swap times only, not the perfect-foresight optimum: a controller told every
 * arrival, free to hand out other packs, does better (StationBenchmark).
 *
 * <p>To stay within a dense simplex's reach the month is cut into windows at 07:00 (end of the valley), each window
 * starting from and ending at least at the given run's pack states at its boundaries. A month-wide peak level couples
 * the windows; the best level is found by golden-section search (cost is convex in it).
 */
final class PerfectForesightLp {

    private static final Duration STEP = Duration.ofMinutes(15);
    private static final LocalTime WINDOW_CUT = LocalTime.of(7, 0);

    /** The optimum: energy cost, the peak level, the demand charge (prorated like the runs). */
    record Optimum(double gridKwh, double energyCost, double[] bandKwh, double[] hourOfDayKwh, double peakKw, double demandCharge, int windows,
                   int lpSolves, int looserTaperSolves) {
        double totalCost() {
            return energyCost + demandCharge;
        }
    }

    /** A pack's stay in a slot: from (time, SOC) to a departure at which it must hold at least {@code requiredSoc}. */
    private record Stay(int slot, Instant from, double fromSoc, Instant to, double requiredSoc) {}

    private final StationModelConfig model;
    private final TouTariff tariff;
    private final Instant start;
    private final Instant end;
    private final StationRun.Result assignment;
    private final LpSolver solver;
    private final List<Stay> stays = new ArrayList<>();
    private int solves;
    /** When set, the solved energy per local hour of day is added here (for the benchmark's profile). */
    private double[] hourOfDayKwh;
    private int startOfStepTaperWindows;

    PerfectForesightLp(StationModelConfig model, TouTariff tariff, Instant start, Duration length,
                       StationRun.Result assignment) {
        this(model, tariff, start, length, assignment, new OjAlgoLpSolver());
    }

    /** With the given LP solver (GLOP for runs whose packs wait long: the taper rows make ojAlgo's tableau dense). */
    PerfectForesightLp(StationModelConfig model, TouTariff tariff, Instant start, Duration length,
                       StationRun.Result assignment, LpSolver solver) {
        this.solver = solver;
        this.model = model;
        this.tariff = tariff;
        this.start = start;
        this.end = start.plus(length);
        this.assignment = assignment;
        buildStays();
    }

    private void buildStays() {
        for (int slot = 0; slot < model.slots(); slot++) {
            Instant from = start;
            double soc = model.initialSoc();
            for (SwapStationModel.ServedSwap s : assignment.swaps()) {
                if (s.slot() != slot) {
                    continue;
                }
                stays.add(new Stay(slot, from, soc, s.startedAt(), s.socOut()));
                from = s.completedAt();
                soc = s.socIn();
            }
            if (from.isBefore(end)) {
                double finalSoc = assignment.finalSoc()[slot];
                stays.add(new Stay(slot, from, soc, end, Double.isNaN(finalSoc) ? soc : finalSoc));
            }
        }
    }

    Optimum solve() {
        List<Instant> cuts = windowCuts();
        double cap = model.stationCapKw();
        double lo = 0;
        for (int w = 0; w + 1 < cuts.size(); w++) {
            lo = Math.max(lo, minimumPeak(cuts.get(w), cuts.get(w + 1)));
        }
        lo = Math.min(lo, cap);
        double months = Duration.between(start, end).toMillis() / (double) Duration.ofDays(30).toMillis();
        double rate = tariff.demandChargePerKwMonth() * months;
        // golden-section search over the month's peak level
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = cap;
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double[] fc = energy(cuts, c);
        double[] fd = energy(cuts, d);
        while (b - a > 2.0) {
            if (fc[1] + rate * c <= fd[1] + rate * d) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = energy(cuts, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = energy(cuts, d);
            }
        }
        double[] atLo = energy(cuts, lo);
        double best = fc[1] + rate * c <= fd[1] + rate * d ? c : d;
        double[] bestE = best == c ? fc : fd;
        if (atLo[1] + rate * lo < bestE[1] + rate * best) {
            best = lo;
            bestE = atLo;
        }
        hourOfDayKwh = new double[24];
        double[] bands = bandKwh(cuts, best);
        double[] hours = hourOfDayKwh;
        hourOfDayKwh = null;
        return new Optimum(bestE[0], bestE[1], bands, hours, best, rate * best, cuts.size() - 1, solves,
                startOfStepTaperWindows);
    }

    private List<Instant> windowCuts() {
        List<Instant> cuts = new ArrayList<>();
        cuts.add(start);
        ZonedDateTime t = start.atZone(tariff.zone()).toLocalDate().atTime(WINDOW_CUT).atZone(tariff.zone());
        while (t.toInstant().isBefore(end)) {
            if (t.toInstant().isAfter(start)) {
                cuts.add(t.toInstant());
            }
            t = t.plusDays(1);
        }
        cuts.add(end);
        return cuts;
    }

    /** {grid kWh, energy cost} summed over the windows with the peak level {@code levelKw}. */
    private double[] energy(List<Instant> cuts, double levelKw) {
        double kwh = 0;
        double cost = 0;
        for (int w = 0; w + 1 < cuts.size(); w++) {
            double[] r = window(cuts.get(w), cuts.get(w + 1), levelKw, false);
            kwh += r[0];
            cost += r[1];
        }
        return new double[] {kwh, cost};
    }

    /** Grid energy per tariff band (PEAK, FLAT, VALLEY) of the solution at the peak level {@code levelKw}. */
    private double[] bandKwh(List<Instant> cuts, double levelKw) {
        double[] bands = new double[3];
        for (int w = 0; w + 1 < cuts.size(); w++) {
            double[] r = window(cuts.get(w), cuts.get(w + 1), levelKw, false);
            for (int b = 0; b < 3; b++) {
                bands[b] += r[3 + b];
            }
        }
        return bands;
    }

    private double minimumPeak(Instant from, Instant to) {
        return window(from, to, model.stationCapKw(), true)[2];
    }

    /** Solves one window: {kWh, cost, peak level}; with {@code minimisePeak} the objective is the level itself. */
    private double[] window(Instant from, Instant to, double levelKw, boolean minimisePeak) {
        try {
            return window(from, to, levelKw, minimisePeak, true);
        } catch (IllegalStateException infeasible) {
            // the mid-step taper is slightly stricter than the model's minute steps; fall back to the looser bound
            startOfStepTaperWindows++;
            return window(from, to, levelKw, minimisePeak, false);
        }
    }

    private double[] window(Instant from, Instant to, double levelKw, boolean minimisePeak, boolean midpointTaper) {
        solves++;
        int steps = (int) Math.ceil(Duration.between(from, to).toMillis() / (double) STEP.toMillis());
        Instant[] stepStart = new Instant[steps + 1];
        for (int k = 0; k <= steps; k++) {
            Instant t = from.plus(STEP.multipliedBy(k));
            stepStart[k] = t.isAfter(to) ? to : t;
        }
        SparseLp lp = new SparseLp();
        double inf = Double.POSITIVE_INFINITY;
        // minimising the peak: the level is a column bounded by the cap, each step's energy within it
        int peak = minimisePeak ? lp.column(0, model.stationCapKw(), 1.0) : -1;
        SparseLp.Row[] capRows = new SparseLp.Row[steps];
        for (int k = 0; k < steps; k++) {
            double hours = hours(stepStart[k], stepStart[k + 1]);
            capRows[k] = lp.row(-inf, minimisePeak ? 0 : Math.min(levelKw, model.stationCapKw()) * hours);
            if (minimisePeak) {
                capRows[k].add(peak, -hours);
            }
        }
        double eta = model.chargerEfficiency() * model.batteryEfficiency();
        double capacity = model.packCapacityKwh();
        double dcMaxAcKw = model.maxCRate() * capacity / model.chargerEfficiency();
        double acMaxKw = Math.min(model.chargerMaxKw(), dcMaxAcKw);
        double taperSpan = 1 - model.taperStartSoc();
        List<Integer> all = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        List<Integer> hourOfDay = new ArrayList<>();
        for (Stay stay : stays) {
            Instant a = stay.from().isAfter(from) ? stay.from() : from;
            Instant b = stay.to().isBefore(to) ? stay.to() : to;
            if (!a.isBefore(b)) {
                continue;
            }
            double startSoc = stay.from().isBefore(from) ? assignedSocAt(stay.slot(), from, stay.fromSoc())
                    : stay.fromSoc();
            double endSoc = stay.to().isAfter(to) ? assignedSocAt(stay.slot(), to, stay.requiredSoc())
                    : stay.requiredSoc();
            double need = Math.max(0, (endSoc - startSoc) * capacity / eta);
            double room = Math.max(0, (model.chargeStopSoc() - startSoc) * capacity / eta);
            SparseLp.Row balance = lp.row(Math.min(need, room), room);
            List<Integer> own = new ArrayList<>();
            for (int k = 0; k < steps; k++) {
                double overlap = overlapHours(stepStart[k], stepStart[k + 1], a, b);
                if (overlap <= 0) {
                    continue;
                }
                double price = tariff.pricePerKwh(stepStart[k]);
                int e = lp.column(0, acMaxKw * overlap, minimisePeak ? 1e-6 * price : price);
                capRows[k].add(e, 1.0);
                balance.add(e, 1.0);
                // taper: e_k <= overlap * dcMaxAcKw * (1 - soc_k) / taperSpan, soc_k from the energy before step k
                if (startSoc + eta * need / capacity > model.taperStartSoc() - 1e-9) {
                    SparseLp.Row taper = lp.row(-inf, overlap * dcMaxAcKw * (1 - startSoc) / taperSpan);
                    // the SOC at mid-step, not at its start: a pack crossing into the taper is not credited full power
                    taper.add(e, 1.0 + (midpointTaper ? overlap * dcMaxAcKw * eta / (2 * capacity * taperSpan) : 0));
                    double coef = overlap * dcMaxAcKw * eta / (capacity * taperSpan);
                    for (int earlier : own) {
                        taper.add(earlier, coef);
                    }
                }
                own.add(e);
                all.add(e);
                prices.add(price);
                hourOfDay.add(stepStart[k].atZone(tariff.zone()).getHour());
            }
        }
        double[] x;
        try {
            x = solver.minimise(lp);
        } catch (IllegalStateException notOptimal) {
            throw new IllegalStateException("LP window " + from + " .. " + to + " at " + levelKw + " kW: "
                    + notOptimal.getMessage(), notOptimal);
        }
        double kwh = 0;
        double cost = 0;
        double[] bands = new double[3];
        for (int i = 0; i < all.size(); i++) {
            double e = x[all.get(i)];
            kwh += e;
            cost += e * prices.get(i);
            bands[bandOf(prices.get(i))] += e;
            if (hourOfDayKwh != null) {
                hourOfDayKwh[hourOfDay.get(i)] += e;
            }
        }
        return new double[] {kwh, cost, minimisePeak ? x[peak] : levelKw, bands[0], bands[1], bands[2]};
    }

    private int bandOf(double price) {
        for (TouTariff.Band band : TouTariff.Band.values()) {
            if (tariff.pricePerKwh(band) == price) {
                return band.ordinal();
            }
        }
        throw new IllegalStateException("no tariff band has the price " + price);
    }

    private double assignedSocAt(int slot, Instant at, double fallback) {
        int index = (int) (Duration.between(start, at).toMillis() / STEP.toMillis());
        if (index < 0 || index >= assignment.socEvery15Min().size()) {
            return fallback;
        }
        double soc = assignment.socEvery15Min().get(index)[slot];
        return Double.isNaN(soc) ? fallback : soc;
    }

    private static double overlapHours(Instant s0, Instant s1, Instant a, Instant b) {
        Instant lo = a.isAfter(s0) ? a : s0;
        Instant hi = b.isBefore(s1) ? b : s1;
        return lo.isBefore(hi) ? hours(lo, hi) : 0;
    }

    private static double hours(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 3_600_000.0;
    }
}
