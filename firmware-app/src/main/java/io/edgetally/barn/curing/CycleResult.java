package io.edgetally.barn.curing;

import java.util.List;

/**
 * What one control cycle produced.
 *
 * @param outputs  to write to the actuators now
 * @param events   what happened this cycle, in order
 * @param state    the snapshot for the display
 * @param position where the cure stands after this cycle: the site saves it every cycle, so a restart loses at most
 *                 the cycle in progress (docs/curing.md, "Power cuts and crashes")
 */
public record CycleResult(BarnOutputs outputs, List<CuringEvent> events, CureState state, CurePosition position) {

    public CycleResult {
        events = List.copyOf(events);
    }
}
