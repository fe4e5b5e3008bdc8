package io.edgetally.status;

/** What became of an operator action; a refusal carries the reason shown to the operator. */
public sealed interface ActionResult {

    /** Done; {@code message} says what changed, e.g. "step 3 extended by 90 min, now ends 14:30". */
    record Done(String message) implements ActionResult {}

    /** Not done; nothing changed. */
    record Refused(Reason reason, String message) implements ActionResult {}

    enum Reason {
        /** a value the controller cannot take (cap above the transformer rating, extension past the schedule limit) */
        INVALID,
        /** no such alarm, schedule or step */
        NOT_FOUND,
        /** not possible in the current state (no cure running, the step does not await confirmation) */
        CONFLICT,
        /** the controller cannot act now (starting up, safe state) */
        UNAVAILABLE
    }

    static ActionResult done(String message) {
        return new Done(message);
    }

    static ActionResult refused(Reason reason, String message) {
        return new Refused(reason, message);
    }
}
