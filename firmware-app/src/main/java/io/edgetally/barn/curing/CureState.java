package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.Stage;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The cure as the operator sees it after a cycle.
 *
 * @param rampDryCelsius  the dry-bulb setpoint now (ramped); empty in a step with no target
 * @param targetDryCelsius the step's final dry-bulb target, after the 50 °C rule; empty in a step with no target
 * @param stepElapsed     process time counted towards this step's hold
 * @param totalElapsed    process time of the whole cure
 * @param estimatedRemaining process time left if the barn stays on the curve and operators confirm on time
 * @param holding         why the process clock is stopped (or the step waits), empty while it runs
 * @param heaterDemand    the dry-bulb loop's demand, 0..1 of the installed heat
 */
public record CureState(
        Instant at,
        String scheduleId,
        Stage stage,
        int stepIndex,
        String stepName,
        CurePhase phase,
        OptionalDouble rampDryCelsius,
        OptionalDouble rampWetCelsius,
        OptionalDouble targetDryCelsius,
        OptionalDouble targetWetCelsius,
        TemperatureReading dryBulb,
        TemperatureReading wetBulb,
        Duration stepElapsed,
        Duration stepHold,
        Duration totalElapsed,
        Duration estimatedRemaining,
        Optional<String> holding,
        String prompt,
        List<Alarm> activeAlarms,
        BarnOutputs outputs,
        double heaterDemand) {

    public CureState {
        activeAlarms = List.copyOf(activeAlarms);
    }
}
