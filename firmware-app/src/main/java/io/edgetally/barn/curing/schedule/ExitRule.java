package io.edgetally.barn.curing.schedule;

/** How a step ends once its hold has run. */
public enum ExitRule {
    /** the step ends by itself when its hold (process time on target) has run */
    TIME,
    /**
     * the exit criterion is visual (leaf colour, vein colour, roll): after the typical hold the controller keeps
     * holding the target and asks the operator to confirm
     */
    OPERATOR
}
