package io.edgetally.barn.curing;

import java.time.Duration;

/** What an operator can tell the cure; {@code who} is recorded with the action. */
public sealed interface OperatorCommand {

    String who();

    /** The visual exit criterion of the current step is met (operator-exit steps only). */
    record Confirm(String who) implements OperatorCommand {
        public Confirm {
            requireWho(who);
        }
    }

    /** End the current step now, whatever its state, and start the next. */
    record Advance(String who) implements OperatorCommand {
        public Advance {
            requireWho(who);
        }
    }

    /** Lengthen the current step's hold by {@code by} (process time). */
    record Extend(Duration by, String who) implements OperatorCommand {
        public Extend {
            if (by.isNegative() || by.isZero()) {
                throw new IllegalArgumentException("an extension must be positive, was " + by);
            }
            requireWho(who);
        }
    }

    /** Every action is logged with the operator who took it. */
    private static void requireWho(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("an operator command needs the operator's name (who)");
        }
    }
}
