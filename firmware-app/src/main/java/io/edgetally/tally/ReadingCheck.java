package io.edgetally.tally;

/** What the ledger made of one meter reading; rejected readings are not booked and say why. */
public record ReadingCheck(Status status, String detail) {

    public enum Status {
        /** The first reading of a new ledger: the first span starts there once the next reading agrees. */
        FIRST(true),
        ACCEPTED(true),
        /** Accepted; the register wrapped past its maximum. */
        ROLLOVER(true),
        /**
         * Accepted after a gap so long that the site could have drawn more than the register holds: it may have
         * wrapped more than once, and the energy booked (the difference it shows) is the least it can have been.
         */
        UNCERTAIN_GAP(true),
        /** Another meter answers consistently: the old meter's span was closed, the new one starts afresh. */
        METER_REPLACED(true),
        /** The same meter restarted its register (consistently): the span was closed, counting starts afresh. */
        REGISTER_RESET(true),
        /** The meter did not answer. */
        FAILED(false),
        /** Not later than the last accepted reading (clock stepped back, or a repeat). */
        NOT_LATER(false),
        /** The register went backwards. */
        BACKWARDS(false),
        /** A step larger than the site's maximum power allows over the elapsed time. */
        IMPLAUSIBLE(false),
        /** A different meter id, not (yet) confirmed as a replacement. */
        OTHER_METER(false);

        private final boolean accepted;

        Status(boolean accepted) {
            this.accepted = accepted;
        }

        public boolean accepted() {
            return accepted;
        }
    }

    public boolean accepted() {
        return status.accepted();
    }
}
