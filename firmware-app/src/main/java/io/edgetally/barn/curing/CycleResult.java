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
 * @param repeated the cycle at this time had completed and been saved before a restart: its outputs are to be
 *                 written again, nothing else of it is new (nothing judged, no curve point)
 */
public record CycleResult(BarnOutputs outputs, List<CuringEvent> events, CureState state, CurePosition position,
        boolean repeated) {

    public CycleResult {
        events = List.copyOf(events);
    }

    /** A cycle that ran. */
    public CycleResult(BarnOutputs outputs, List<CuringEvent> events, CureState state, CurePosition position) {
        this(outputs, events, state, position, false);
    }
}
