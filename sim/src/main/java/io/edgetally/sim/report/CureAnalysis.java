package io.edgetally.sim.report;

import io.edgetally.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a cure looked like, computed from its recorded samples: hours and energy per stage, how well the barn
 * followed the curve, and the curve itself for plotting. Works the same on a real barn's database as on the
 * simulator's.
 */
public final class CureAnalysis {

    /**
     * One recorded sample (a row of {@code barn_samples}); temperatures are NaN while a probe was faulted, targets
     * NaN in a step without one.
     */
    public record Sample(Instant at, int stepIndex, String phase, double dryC, double wetC, double dryTargetC,
                         double wetTargetC, int heaterStages, double damper, double importKwh) {}

    /** Totals for one stage of the cure. */
    public record StageTotals(String stage, double hours, double energyKwh) {}

    /**
     * @param hours          from the first to the last sample
     * @param energyKwh      meter register at the end minus at the start
     * @param stages         per stage, in the order they ran
     * @param dryRmsC        dry-bulb RMS error against the ramped target, over HOLD samples
     * @param wetRmsC        wet-bulb RMS error, over HOLD samples
     * @param holdSamples    how many samples the RMS values are computed over
     * @param maxDryC        highest dry bulb recorded
     */
    public record Result(double hours, double energyKwh, List<StageTotals> stages, double dryRmsC, double wetRmsC,
                         int holdSamples, double maxDryC, List<Sample> samples) {}

    private CureAnalysis() {}

    public static List<Sample> load(Database db, long batchId) {
        List<Sample> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement p = db.connection().prepareStatement("""
                    SELECT at, step_index, phase, dry_c, wet_c, dry_target_c, wet_target_c, heater_stages, damper,
                           import_kwh
                    FROM barn_samples WHERE batch_id = ? ORDER BY at""")) {
                p.setLong(1, batchId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Sample(Instant.parse(r.getString(1)), r.getInt(2), r.getString(3),
                                nullable(r, 4), nullable(r, 5), nullable(r, 6), nullable(r, 7), r.getInt(8),
                                r.getDouble(9), nullable(r, 10)));
                    }
                }
            } catch (SQLException e) {
                throw new io.edgetally.store.StoreException("reading samples of batch " + batchId + " from "
                        + db.file() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static double nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    /**
     * @param stageOfStep the stage name of a step index, from the schedule the cure ran
     */
    public static Result analyse(List<Sample> samples, IntFunction<String> stageOfStep) {
        if (samples.isEmpty()) {
            return new Result(0, 0, List.of(), Double.NaN, Double.NaN, 0, Double.NaN, samples);
        }
        Instant start = samples.get(0).at();
        Map<String, double[]> perStage = new LinkedHashMap<>(); // stage -> {seconds, kWh}
        double dryErr2 = 0;
        double wetErr2 = 0;
        int dryN = 0;
        int wetN = 0;
        double maxDry = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (!Double.isNaN(s.dryC())) {
                maxDry = Math.max(maxDry, s.dryC());
            }
            if ("HOLD".equals(s.phase()) || "AWAITING_CONFIRMATION".equals(s.phase())) {
                if (!Double.isNaN(s.dryC()) && !Double.isNaN(s.dryTargetC())) {
                    dryErr2 += sq(s.dryC() - s.dryTargetC());
                    dryN++;
                }
                if (!Double.isNaN(s.wetC()) && !Double.isNaN(s.wetTargetC())) {
                    wetErr2 += sq(s.wetC() - s.wetTargetC());
                    wetN++;
                }
            }
            if (i + 1 < samples.size()) {
                Sample next = samples.get(i + 1);
                double[] t = perStage.computeIfAbsent(stageOfStep.apply(s.stepIndex()), k -> new double[2]);
                t[0] += Duration.between(s.at(), next.at()).toMillis() / 1000.0;
                if (!Double.isNaN(s.importKwh()) && !Double.isNaN(next.importKwh())) {
                    t[1] += next.importKwh() - s.importKwh();
                }
            }
        }
        List<StageTotals> stages = new ArrayList<>();
        perStage.forEach((stage, t) -> stages.add(new StageTotals(stage, t[0] / 3600.0, t[1])));
        Sample last = samples.get(samples.size() - 1);
        double hours = Duration.between(start, last.at()).toMillis() / 3_600_000.0;
        double energy = firstValid(samples, true) >= 0 && firstValid(samples, false) >= 0
                ? samples.get(firstValid(samples, false)).importKwh() - samples.get(firstValid(samples, true)).importKwh()
                : Double.NaN;
        return new Result(hours, energy, stages, dryN == 0 ? Double.NaN : Math.sqrt(dryErr2 / dryN),
                wetN == 0 ? Double.NaN : Math.sqrt(wetErr2 / wetN), Math.min(dryN, wetN), maxDry, samples);
    }

    /** The curve for {@link CuringCurveSvg}, thinned to at most {@code maxPoints}, with stage bands. */
    public static List<CuringCurveSvg.Point> curve(List<Sample> samples, int heaterStageCount, int maxPoints) {
        List<CuringCurveSvg.Point> out = new ArrayList<>();
        if (samples.isEmpty()) {
            return out;
        }
        Instant start = samples.get(0).at();
        int every = Math.max(1, samples.size() / Math.max(1, maxPoints));
        for (int i = 0; i < samples.size(); i += every) {
            Sample s = samples.get(i);
            out.add(new CuringCurveSvg.Point(Duration.between(start, s.at()).toMillis() / 3_600_000.0, s.dryC(),
                    s.wetC(), s.dryTargetC(), s.wetTargetC(), (double) s.heaterStages() / heaterStageCount, s.damper()));
        }
        return out;
    }

    public static List<CuringCurveSvg.Band> bands(List<Sample> samples, IntFunction<String> stageOfStep) {
        List<CuringCurveSvg.Band> out = new ArrayList<>();
        if (samples.isEmpty()) {
            return out;
        }
        Instant start = samples.get(0).at();
        String current = null;
        double from = 0;
        for (Sample s : samples) {
            String stage = stageOfStep.apply(s.stepIndex());
            double h = Duration.between(start, s.at()).toMillis() / 3_600_000.0;
            if (!stage.equals(current)) {
                if (current != null) {
                    out.add(new CuringCurveSvg.Band(current, from, h));
                }
                current = stage;
                from = h;
            }
        }
        double end = Duration.between(start, samples.get(samples.size() - 1).at()).toMillis() / 3_600_000.0;
        out.add(new CuringCurveSvg.Band(current, from, end));
        return out;
    }

    private static int firstValid(List<Sample> samples, boolean fromStart) {
        if (fromStart) {
            for (int i = 0; i < samples.size(); i++) {
                if (!Double.isNaN(samples.get(i).importKwh())) {
                    return i;
                }
            }
        } else {
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (!Double.isNaN(samples.get(i).importKwh())) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static double sq(double x) {
        return x * x;
    }
}
