package io.edgetally.barn.curing;

import java.util.List;

/**
 * What one control cycle produced.
 *
 * @param outputs    to write to the actuators now
 * @param events     what happened this cycle, in order
 * @param state      the snapshot for the display
 * @param position   where the cure stands, to persist when {@code persistNow}
 * @param persistNow true at a step or phase change, on the first cycle, and once the persist interval has passed
 */
public record CycleResult(
        BarnOutputs outputs, List<CuringEvent> events, CureState state, CurePosition position, boolean persistNow) {

    public CycleResult {
        events = List.copyOf(events);
    }
}
