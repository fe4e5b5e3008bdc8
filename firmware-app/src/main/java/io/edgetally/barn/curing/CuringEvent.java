package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.Stage;
import java.time.Duration;
import java.time.Instant;

/** Something that happened in the cure, for the event log, the display and the uplink. */
public sealed interface CuringEvent {

    Instant at();

    /** Short machine name, as stored in the {@code events.kind} column. */
    String kind();

    record StepStarted(Instant at, int stepIndex, String stepName, Stage stage) implements CuringEvent {
        public String kind() {
            return "step-started";
        }
    }

    record HoldStarted(Instant at, int stepIndex, String stepName) implements CuringEvent {
        public String kind() {
            return "hold-started";
        }
    }

    /** @param how {@code time}, {@code confirmed} or {@code advanced} */
    record StepCompleted(Instant at, int stepIndex, String stepName, String how, Duration holdElapsed)
            implements CuringEvent {
        public String kind() {
            return "step-completed";
        }
    }

    record WaitingForOperator(Instant at, int stepIndex, String stepName, String prompt) implements CuringEvent {
        public String kind() {
            return "waiting-for-operator";
        }
    }

    /** An operator command and what became of it; {@code accepted} false with the reason in {@code detail}. */
    record OperatorAction(Instant at, OperatorCommand command, boolean accepted, String detail)
            implements CuringEvent {
        public String kind() {
            return "operator-" + switch (command) {
                case OperatorCommand.Confirm c -> "confirm";
                case OperatorCommand.Advance a -> "advance";
                case OperatorCommand.Extend e -> "extend";
            };
        }
    }

    record AlarmRaised(Alarm alarm) implements CuringEvent {
        public Instant at() {
            return alarm.raisedAt();
        }

        public String kind() {
            return "alarm-raised";
        }
    }

    record AlarmCleared(String code, Instant at) implements CuringEvent {
        public String kind() {
            return "alarm-cleared";
        }
    }

    record CureComplete(Instant at, Duration totalProcessTime) implements CuringEvent {
        public String kind() {
            return "cure-complete";
        }
    }

    /** The controller came back from a saved position; {@code outage} is the wall time since it was saved. */
    record ResumedAfterOutage(Instant at, Duration outage, int stepIndex, String stepName) implements CuringEvent {
        public String kind() {
            return "resumed";
        }
    }
}
