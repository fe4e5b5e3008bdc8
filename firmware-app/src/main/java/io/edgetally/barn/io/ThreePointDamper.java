package io.edgetally.barn.io;

import io.edgetally.barn.curing.ControlMemory;
import io.edgetally.io.gpio.Relay;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * A moist-air damper driven by a reversible motor on two relays (open, close) with no position feedback — the
 * common barn fitting. The position is estimated from how long each relay was on and the full-stroke time, and
 * re-synchronised at the ends by driving on past the stop (the motor's limit switches make that harmless).
 * The two relays are never on together.
 */
public final class ThreePointDamper {

    /** Moves smaller than this are not made: they would only wear the motor and relays. */
    private static final double DEADBAND = 0.02;
    /** Extra drive at an end stop, as a fraction of the stroke, to absorb estimation drift. */
    private static final double END_OVERDRIVE = 0.1;

    private final Relay open;
    private final Relay close;
    private final double strokeSeconds;

    private double estimate;
    private double target;
    private Instant lastUpdate;
    private double overdriveLeft;
    /** how the motor was last switched: what it has been doing since {@link #lastUpdate} */
    private Motor motor = Motor.STOPPED;

    private enum Motor { OPENING, CLOSING, STOPPED }

    /**
     * @param stroke full travel time from closed to open
     * @param now    when the damper was taken over; it is first driven closed to learn where it is
     */
    public ThreePointDamper(Relay open, Relay close, Duration stroke, Instant now) {
        if (stroke.isNegative() || stroke.isZero()) {
            throw new IllegalArgumentException("damper stroke time must be positive, was " + stroke);
        }
        this.open = open;
        this.close = close;
        this.strokeSeconds = stroke.toMillis() / 1000.0;
        // Unknown position at start: assume open and drive closed for a full stroke plus overdrive.
        this.estimate = 1.0;
        this.target = 0.0;
        this.lastUpdate = now;
        open.set(false);
        close.set(false);
    }

    /** Sets where the damper should go and switches the motor relays for the time until the next call. */
    public void drive(double targetFraction, Instant now) {
        if (!(targetFraction >= 0 && targetFraction <= 1)) {
            throw new IllegalArgumentException("damper target must be in [0, 1], was " + targetFraction);
        }
        account(now);
        boolean newEndTarget = (targetFraction == 0.0 || targetFraction == 1.0) && targetFraction != target;
        target = targetFraction;
        if (newEndTarget) {
            overdriveLeft = END_OVERDRIVE;
        }
        double error = target - estimate;
        if (error > DEADBAND || (target == 1.0 && overdriveLeft > 0)) {
            close.set(false);
            open.set(true);
            motor = Motor.OPENING;
        } else if (error < -DEADBAND || (target == 0.0 && overdriveLeft > 0)) {
            open.set(false);
            close.set(true);
            motor = Motor.CLOSING;
        } else {
            stop();
        }
    }

    /** Stops the motor where it is (safe state: the damper keeps its position). */
    public void stop() {
        open.set(false);
        close.set(false);
        motor = Motor.STOPPED;
    }

    /** The estimate and what the motor was doing, for the control's memory (see {@link ControlMemory}). */
    public JsonObject memory() {
        return JsonObject.builder().put("estimate", estimate).put("target", target)
                .put("lastUpdate", ControlMemory.time(lastUpdate)).put("overdriveLeft", overdriveLeft)
                .put("motor", motor.name()).build();
    }

    /**
     * Takes up {@link #memory()} after a restart within the control's maxCycleGap: the estimate as it was, and the
     * travel since booked as the motor was last switched (a crashed process leaves a relay board's outputs as
     * they were), instead of driving a full stroke closed to find the damper again. The relays stay off until the
     * next {@link #drive}.
     */
    public void restore(JsonObject m) {
        double savedEstimate = m.doubleValue("estimate");
        double savedTarget = m.doubleValue("target");
        if (!(savedEstimate >= 0 && savedEstimate <= 1 && savedTarget >= 0 && savedTarget <= 1)) {
            throw new IllegalArgumentException("saved damper memory out of [0, 1]: " + m);
        }
        Instant at = ControlMemory.time(m, "lastUpdate");
        if (at == null) {
            throw new IllegalArgumentException("saved damper memory has no time");
        }
        Motor savedMotor = Motor.valueOf(m.string("motor"));
        estimate = savedEstimate;
        target = savedTarget;
        lastUpdate = at;
        overdriveLeft = m.doubleValue("overdriveLeft");
        motor = savedMotor;
    }

    /** Estimated opening, 0 = closed, 1 = open. */
    public double estimatedPosition() {
        return estimate;
    }

    public double target() {
        return target;
    }

    /** Books the motor's travel since the last update into the estimate. */
    private void account(Instant now) {
        double seconds = Math.max(0, Duration.between(lastUpdate, now).toMillis() / 1000.0);
        lastUpdate = now;
        double travel = seconds / strokeSeconds;
        if (motor == Motor.OPENING) {
            double room = 1.0 - estimate;
            estimate = Math.min(1.0, estimate + travel);
            if (travel > room) {
                overdriveLeft = Math.max(0, overdriveLeft - (travel - room));
            }
        } else if (motor == Motor.CLOSING) {
            double room = estimate;
            estimate = Math.max(0.0, estimate - travel);
            if (travel > room) {
                overdriveLeft = Math.max(0, overdriveLeft - (travel - room));
            }
        }
    }
}
