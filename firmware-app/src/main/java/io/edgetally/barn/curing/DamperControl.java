package io.edgetally.barn.curing;

import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * The wet-bulb loop: wet bulb too high opens the moist-air damper, too low closes it, in moves no more often
 * than the minimum dwell and only outside the deadband (over-sensitive damper control wears the motors out).
 * A wet bulb that stays low below 40 °C closes the damper fully: the leaf is drying too fast. On a heat pump the
 * dehumidify output runs while the wet bulb is above its deadband.
 */
final class DamperControl {

    private static final double MIN_MOVE = 0.002;

    private final CuringTuning.DamperLoop loop;
    private final boolean canDehumidify;
    private double position;
    private boolean dehumidify;
    private Instant lastMove;
    private Instant lowSince;
    private Instant offTargetSince;

    DamperControl(CuringTuning.DamperLoop loop, boolean canDehumidify, double initialPosition) {
        this.loop = loop;
        this.canDehumidify = canDehumidify;
        this.position = initialPosition;
    }

    /** One cycle with a valid wet bulb and a wet-bulb setpoint. */
    void update(Instant at, double setpointCelsius, double wetCelsius) {
        double error = wetCelsius - setpointCelsius;
        if (Math.abs(error) <= loop.offTargetCelsius() / 3) {
            offTargetSince = null;
        } else if (Math.abs(error) > loop.offTargetCelsius() && offTargetSince == null) {
            offTargetSince = at;
        }
        boolean low = error < -loop.deadbandCelsius() && wetCelsius < loop.lowWetCelsius();
        if (!low) {
            lowSince = null;
        } else if (lowSince == null) {
            lowSince = at;
        }
        if (canDehumidify) {
            if (error > loop.deadbandCelsius()) {
                dehumidify = true;
            } else if (error <= 0) {
                dehumidify = false;
            }
        }
        if (Math.abs(error) <= loop.deadbandCelsius() || !dwellOver(at)) {
            return;
        }
        if (low && Duration.between(lowSince, at).compareTo(loop.closeWhenLowAfter()) >= 0) {
            move(at, 0.0);
            return;
        }
        double step = loop.gainPerCelsius() * error * (position + loop.leakOffset());
        step = Math.max(-loop.maxStep(), Math.min(loop.maxStep(), step));
        if (Math.abs(step) < MIN_MOVE) {
            step = Math.copySign(MIN_MOVE, step);
        }
        move(at, position + step);
    }

    /** Drive to a fixed position (closed vents while loading, open at the end), ignoring the dwell. */
    void set(Instant at, double target) {
        dehumidify = false;
        lowSince = null;
        if (target != position) {
            position = target;
            lastMove = at;
        }
    }

    /** Takes up the opening commanded before a restart (no move is counted: the dwell starts afresh). */
    void restorePosition(double openFraction) {
        position = Math.max(0.0, Math.min(1.0, openFraction));
    }

    /** Everything the loop carries to the next cycle (see {@link ControlMemory}). */
    JsonObject memory() {
        return JsonObject.builder().put("position", position).put("dehumidify", dehumidify)
                .put("lastMove", ControlMemory.time(lastMove)).put("lowSince", ControlMemory.time(lowSince))
                .put("offTargetSince", ControlMemory.time(offTargetSince)).build();
    }

    /** Takes up {@link #memory()} saved before a restart: the dwell and the timers go on where they were. */
    void restore(JsonObject m) {
        restorePosition(m.doubleValue("position"));
        dehumidify = m.bool("dehumidify");
        lastMove = ControlMemory.time(m, "lastMove");
        lowSince = ControlMemory.time(m, "lowSince");
        offTargetSince = ControlMemory.time(m, "offTargetSince");
    }

    /** Hold where it is (wet bulb unknown or heat inhibited); the dehumidifier stops with the heat. */
    void hold() {
        dehumidify = false;
    }

    /** Whether the wet bulb has been far from its setpoint for longer than the tuning allows. */
    boolean offTargetTooLong(Instant at) {
        return offTargetSince != null && Duration.between(offTargetSince, at).compareTo(loop.offTargetAfter()) >= 0;
    }

    /** Forget the off-target timer (new step, no wet-bulb control this cycle). */
    void resetOffTarget() {
        offTargetSince = null;
    }

    double position() {
        return position;
    }

    boolean dehumidify() {
        return dehumidify;
    }

    private boolean dwellOver(Instant at) {
        return lastMove == null || Duration.between(lastMove, at).compareTo(loop.minDwell()) >= 0;
    }

    private void move(Instant at, double target) {
        double clamped = Math.max(0.0, Math.min(1.0, target));
        if (clamped != position) {
            position = clamped;
            lastMove = at;
        }
    }
}
