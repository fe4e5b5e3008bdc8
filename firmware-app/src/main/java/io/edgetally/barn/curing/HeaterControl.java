package io.edgetally.barn.curing;

import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dry-bulb loop: PI to a continuous demand, then time-proportioned onto on/off stages (sigma-delta: the
 * stage count follows the demand on average) with a minimum on and off time per stage.
 */
final class HeaterControl {

    private final HeaterPlant plant;
    private final CuringTuning.HeatLoop loop;
    private final Instant[] lastSwitch;
    private final double thresholdStageSeconds;
    private double integral;
    private double demand;
    private double accumulator;
    private int on;

    HeaterControl(HeaterPlant plant, CuringTuning.HeatLoop loop) {
        this.plant = plant;
        this.loop = loop;
        this.lastSwitch = new Instant[plant.stages() + 1];
        // half the longer minimum time: a PWM period of a few minimum times, short against the barn's inertia
        this.thresholdStageSeconds =
                Math.max(1.0, Math.max(plant.minOn().toSeconds(), plant.minOff().toSeconds()) / 2.0);
    }

    /** Stages to energise this cycle. */
    int update(Instant at, double dtSeconds, double setpointCelsius, double measuredCelsius) {
        double error = setpointCelsius - measuredCelsius;
        double p = loop.gainPerCelsius() * error;
        double di = loop.gainPerCelsius() * error * dtSeconds / loop.integralTime().toSeconds();
        double unclamped = p + integral + di;
        // integrate only while it does not push a saturated output further (anti-windup)
        if (!(unclamped > 1.0 && di > 0) && !(unclamped < 0.0 && di < 0)) {
            integral = clamp(integral + di, -0.2, 1.0);
        }
        demand = clamp(p + integral, 0.0, 1.0);
        stage(at, dtSeconds, demand * plant.stages());
        return on;
    }

    /** Heat is inhibited (fault, no airflow, no target): everything off now, regardless of minimum on times. */
    int off(Instant at) {
        for (int k = on; k >= 1; k--) {
            lastSwitch[k] = at;
        }
        on = 0;
        demand = 0;
        accumulator = 0;
        return 0;
    }

    /** The PI loop's integral, a demand 0..1 of the installed heat (saved with the cure's position). */
    double integral() {
        return integral;
    }

    /** Takes up an integral saved before a restart, so the heat does not drop when the loop starts again. */
    void restoreIntegral(double saved) {
        integral = clamp(saved, -0.2, 1.0);
    }

    /** Everything the loop carries to the next cycle (see {@link ControlMemory}). */
    JsonObject memory() {
        List<JsonValue> switched = new ArrayList<>();
        for (Instant at : lastSwitch) {
            switched.add(ControlMemory.time(at));
        }
        return JsonObject.builder().put("integral", integral).put("demand", demand).put("accumulator", accumulator)
                .put("on", on).put("lastSwitch", new JsonValue.JsonArray(switched)).build();
    }

    /** Takes up {@link #memory()} saved before a restart. */
    void restore(JsonObject m) {
        List<JsonValue> switched = m.array("lastSwitch").items();
        if (switched.size() != lastSwitch.length) {
            throw new IllegalArgumentException("saved heater memory has " + switched.size() + " stage times, the "
                    + "plant " + lastSwitch.length);
        }
        int stagesOn = (int) m.longValue("on");
        if (stagesOn < 0 || stagesOn > plant.stages()) {
            throw new IllegalArgumentException("saved heater memory has " + stagesOn + " stages on");
        }
        for (int k = 0; k < lastSwitch.length; k++) {
            lastSwitch[k] = ControlMemory.time(switched.get(k));
        }
        integral = m.doubleValue("integral");
        demand = m.doubleValue("demand");
        accumulator = m.doubleValue("accumulator");
        on = stagesOn;
    }

    /** Forget the integral, e.g. on a new step with no target. */
    void reset() {
        integral = 0;
    }

    double demand() {
        return demand;
    }

    private void stage(Instant at, double dtSeconds, double desired) {
        accumulator += (desired - on) * dtSeconds;
        double limit = 4 * thresholdStageSeconds;
        accumulator = clamp(accumulator, -limit, limit);
        boolean changed = true;
        while (changed) {
            changed = false;
            if (on < plant.stages() && (accumulator > thresholdStageSeconds || desired >= on + 1)
                    && elapsed(lastSwitch[on + 1], at, plant.minOff()) && desired > on) {
                on++;
                lastSwitch[on] = at;
                accumulator -= thresholdStageSeconds;
                changed = true;
            } else if (on > 0 && (accumulator < -thresholdStageSeconds || desired <= on - 1)
                    && elapsed(lastSwitch[on], at, plant.minOn()) && desired < on) {
                lastSwitch[on] = at;
                on--;
                accumulator += thresholdStageSeconds;
                changed = true;
            }
        }
    }

    private static boolean elapsed(Instant since, Instant at, Duration min) {
        return since == null || Duration.between(since, at).compareTo(min) >= 0;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
