package io.edgetally.barn.curing.schedule;

import java.time.Duration;
import java.util.Optional;

/**
 * One step of a schedule.
 *
 * @param index              position in the schedule, from 0
 * @param name               what a technician calls it, e.g. "main yellowing"
 * @param stage              yellowing, colour fixing or stem drying
 * @param targets            dry/wet-bulb targets; empty for a step with no heat (loading: vents closed, fan on)
 * @param rampCelsiusPerHour how fast the setpoints may move towards the targets, up or down; 0 without targets
 * @param hold               process time on target before the step ends (TIME) or asks the operator (OPERATOR)
 * @param exit               how the step ends
 * @param prompt             what the operator looks for before confirming, e.g. "veins yellow, small roll"
 * @param fan                circulation fan speed in this step
 * @param maxLag             how long the barn may stay off the curve before the lag alarm
 */
public record CuringStep(
        int index,
        String name,
        Stage stage,
        Optional<BulbTargets> targets,
        double rampCelsiusPerHour,
        Duration hold,
        ExitRule exit,
        String prompt,
        FanSpeed fan,
        Duration maxLag) {

    /** "step 3 'late yellowing'", for messages. */
    public String label() {
        return "step " + index + " '" + name + "'";
    }
}
