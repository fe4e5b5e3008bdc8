package io.edgetally.sim.barn;

import io.edgetally.barn.curing.schedule.FanSpeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs a whole cure of the reference follower against the barn model and measures what calibration targets. */
final class ReferenceCure {

    static final double CONTROL_SECONDS = 20.0;

    /**
     * @param hours                  barn-hours from loading to the end of stem drying
     * @param importKwh              meter reading at the end
     * @param removedShare           water removed per stage as a share of all water removed
     * @param removedKg              all water removed
     * @param peakHourlyLoadWatts    highest one-hour mean of the heat load
     * @param peakLoadStage          the stage that hour fell in
     * @param peakLoadStep           and its step index
     * @param minHoldHumidityRatio   lowest humidity ratio while holding in steps 2–7
     * @param maxHoldHumidityRatio   highest humidity ratio while holding in steps 2–7
     * @param wetRmsCelsius          true wet bulb against target while holding, RMS
     * @param dryRmsCelsius          true dry bulb against target while holding, RMS
     * @param maxDryCelsius          highest true dry bulb
     */
    record Result(double hours, double importKwh, Map<String, Double> removedShare, double removedKg,
                  double peakHourlyLoadWatts, String peakLoadStage, int peakLoadStep, double minHoldHumidityRatio,
                  double maxHoldHumidityRatio, double wetRmsCelsius, double dryRmsCelsius, double maxDryCelsius) {

        String summary() {
            return String.format(
                    "hours %.1f, import %.0f kWh, removed %.0f kg split %s, peak hourly load %.1f kW in %s (step %d),"
                            + " W %.4f..%.4f, RMS dry %.2f wet %.2f, max dry %.1f",
                    hours, importKwh, removedKg, removedShare, peakHourlyLoadWatts / 1000.0, peakLoadStage,
                    peakLoadStep, minHoldHumidityRatio, maxHoldHumidityRatio, dryRmsCelsius, wetRmsCelsius,
                    maxDryCelsius);
        }
    }

    static Result run(BarnParameters parameters, FanSpeed yellowingFan, FanSpeed fixingFan, FanSpeed stemFan) {
        BarnSimulator barn = new BarnSimulator(parameters);
        List<ReferenceFollower.Step> steps = ReferenceFollower.middleLeaf(yellowingFan, fixingFan, stemFan);
        ReferenceFollower follower = new ReferenceFollower(steps, parameters.plant().stageCount());
        Duration period = Duration.ofMillis((long) (CONTROL_SECONDS * 1000));
        double hourLoad = 0.0;
        int hourSamples = 0;
        double peakLoad = 0.0;
        String peakStage = "";
        int peakStep = -1;
        double minW = Double.MAX_VALUE;
        double maxW = 0.0;
        double wetSquares = 0.0;
        double drySquares = 0.0;
        int holdSamples = 0;
        double maxDry = -100.0;
        double seconds = 0.0;
        while (!follower.finished()) {
            if (seconds > 400 * 3600.0) {
                throw new AssertionError("the cure did not finish in 400 h: stuck in step " + follower.stepIndex()
                        + " at " + barn.trueState());
            }
            int stepIndex = follower.stepIndex();
            String stage = follower.step().stage();
            barn.setStageLabel(stage);
            Actuation actuation = follower.control(barn.readSensors(), CONTROL_SECONDS);
            barn.step(period, actuation);
            seconds += CONTROL_SECONDS;
            BarnState state = barn.trueState();
            maxDry = Math.max(maxDry, state.dryBulbCelsius());
            hourLoad += state.heatLoadWatts();
            if (++hourSamples == (int) (3600 / CONTROL_SECONDS)) {
                if (hourLoad / hourSamples > peakLoad) {
                    peakLoad = hourLoad / hourSamples;
                    peakStage = stage;
                    peakStep = stepIndex;
                }
                hourLoad = 0.0;
                hourSamples = 0;
            }
            if (stepIndex >= 2 && !follower.ramping() && stepIndex == follower.stepIndex()) {
                minW = Math.min(minW, state.humidityRatio());
                maxW = Math.max(maxW, state.humidityRatio());
                wetSquares += square(state.wetBulbCelsius() - follower.targetWet());
                drySquares += square(state.dryBulbCelsius() - follower.targetDry());
                holdSamples++;
            }
        }
        BarnState end = barn.trueState();
        Map<String, Double> share = new java.util.LinkedHashMap<>();
        end.waterRemovedKgByStage().forEach((label, kg) -> {
            if (!label.equals("unlabelled")) {
                share.put(label, Math.round(1000.0 * kg / end.waterRemovedKg()) / 10.0);
            }
        });
        return new Result(seconds / 3600.0, end.importKwh(), share, end.waterRemovedKg(), peakLoad, peakStage,
                peakStep, minW, maxW, Math.sqrt(wetSquares / holdSamples), Math.sqrt(drySquares / holdSamples), maxDry);
    }

    /** Runs the follower (fan high) until {@code stepIndex} has run for {@code hoursIntoStep}, returns the barn. */
    static BarnSimulator runUntilStep(BarnParameters parameters, int stepIndex, double hoursIntoStep) {
        BarnSimulator barn = new BarnSimulator(parameters);
        ReferenceFollower follower = new ReferenceFollower(
                ReferenceFollower.middleLeaf(FanSpeed.HIGH, FanSpeed.HIGH, FanSpeed.HIGH),
                parameters.plant().stageCount());
        Duration period = Duration.ofMillis((long) (CONTROL_SECONDS * 1000));
        double inStep = 0.0;
        while (follower.stepIndex() < stepIndex || inStep < hoursIntoStep * 3600.0) {
            if (follower.stepIndex() == stepIndex) {
                inStep += CONTROL_SECONDS;
            }
            barn.step(period, follower.control(barn.readSensors(), CONTROL_SECONDS));
        }
        return barn;
    }

    private static double square(double x) {
        return x * x;
    }

    /** Prints the calibration numbers for both plants and both fan plans: rerun after changing a default. */
    public static void main(String[] args) {
        BarnParameters resistive = BarnParameters.defaults();
        BarnParameters heatPump = resistive.withPlant(HeatingPlant.HeatPump.defaults());
        for (BarnParameters p : List.of(resistive, heatPump)) {
            String plant = p.plant().getClass().getSimpleName();
            System.out.println(plant + " all high:     "
                    + run(p, FanSpeed.HIGH, FanSpeed.HIGH, FanSpeed.HIGH).summary());
            System.out.println(plant + " low/high/low:  "
                    + run(p, FanSpeed.LOW, FanSpeed.HIGH, FanSpeed.LOW).summary());
        }
    }
}
