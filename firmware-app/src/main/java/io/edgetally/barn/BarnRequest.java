package io.edgetally.barn;

import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.status.Operator;
import java.time.Duration;

/**
 * What an operator can ask of a curing barn (over DTLS: {@code /barn/step/confirm}, {@code /barn/step/advance},
 * {@code /barn/step/extend}, {@code /barn/schedule}, {@code /alarms/ack}); {@code who} is recorded with it.
 * {@link BarnSite#handle} checks each against the last published cycle and queues it; what the curing controller
 * acts on travels as its own {@link OperatorCommand}, not as a copy of it.
 */
public sealed interface BarnRequest {

    String who();

    /** Confirm, advance or extend the current step: the controller's command, queued for its next cycle. */
    record Cure(OperatorCommand command) implements BarnRequest {
        @Override
        public String who() {
            return command.who();
        }
    }

    /** Switch to another installed schedule: refused while a cure runs (a schedule is chosen when one starts). */
    record SwitchSchedule(String scheduleId, String who) implements BarnRequest {}

    /** The operator has seen the alarm {@code code}. */
    record AcknowledgeAlarm(String code, String who) implements BarnRequest {}

    /**
     * The barn's request for what arrived over CoAP. The endpoint offers a barn only its own actions
     * ({@link OperatorRequest.Kind#forSite}), so a station's request reaching here is a wiring mistake, not a refusal.
     */
    static BarnRequest from(OperatorRequest request, Operator who) {
        String by = who.identity();
        return switch (request) {
            case OperatorRequest.ConfirmStep c -> new Cure(new OperatorCommand.Confirm(by));
            case OperatorRequest.AdvanceStep a -> new Cure(new OperatorCommand.Advance(by));
            case OperatorRequest.ExtendStep e -> new Cure(new OperatorCommand.Extend(Duration.ofMinutes(e.minutes()),
                    by));
            case OperatorRequest.SwitchSchedule s -> new SwitchSchedule(s.scheduleId(), by);
            case OperatorRequest.AcknowledgeAlarm a -> new AcknowledgeAlarm(a.code(), by);
            case OperatorRequest.SetPowerCap p -> throw new IllegalArgumentException(p.kind().path()
                    + " is a station's action; a barn's endpoint offers " + OperatorRequest.Kind.forSite(
                    SiteKind.CURING_BARN));
        };
    }
}
