package io.edgetally.barn.curing;

/** Where the current step stands. */
public enum CurePhase {
    /** the setpoints are moving towards the step's targets at the ramp rate */
    RAMP,
    /** on target; the hold's process time is running */
    HOLD,
    /** the typical hold has run; holding the target until the operator confirms */
    AWAITING_CONFIRMATION,
    /** the last step has ended; heat off */
    COMPLETE
}
