package io.edgetally.status;

import io.edgetally.protocol.coap.OperatorRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The controller's side of operator actions, faked: records each request and answers as told. */
public final class RecordingOperatorActions implements OperatorActions {

    /** @param action confirm, advance, extend, schedule, ack or cap; {@code argument} its value as text */
    public record Call(String action, String argument, Operator who) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile ActionResult answer = ActionResult.done("done");

    public void answerWith(ActionResult result) {
        this.answer = result;
    }

    @Override
    public ActionResult perform(OperatorRequest request, Operator who) {
        calls.add(switch (request) {
            case OperatorRequest.ConfirmStep c -> new Call("confirm", "", who);
            case OperatorRequest.AdvanceStep a -> new Call("advance", "", who);
            case OperatorRequest.ExtendStep e -> new Call("extend", Duration.ofMinutes(e.minutes()).toString(), who);
            case OperatorRequest.SwitchSchedule s -> new Call("schedule", s.scheduleId(), who);
            case OperatorRequest.AcknowledgeAlarm a -> new Call("ack", a.code(), who);
            case OperatorRequest.SetPowerCap p -> new Call("cap", p.capKw().map(BigDecimal::toPlainString)
                    .orElse("none"), who);
        });
        return answer;
    }
}
