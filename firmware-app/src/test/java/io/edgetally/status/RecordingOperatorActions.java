package io.edgetally.status;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The controller's side of operator actions, faked: records each call and answers as told. */
public final class RecordingOperatorActions implements OperatorActions {

    public record Call(String action, String argument, Operator who) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile ActionResult answer = ActionResult.done("done");

    public void answerWith(ActionResult result) {
        this.answer = result;
    }

    private ActionResult record(String action, String argument, Operator who) {
        calls.add(new Call(action, argument, who));
        return answer;
    }

    @Override
    public ActionResult confirmStep(Operator who) {
        return record("confirm", "", who);
    }

    @Override
    public ActionResult advanceStep(Operator who) {
        return record("advance", "", who);
    }

    @Override
    public ActionResult extendStep(Duration extension, Operator who) {
        return record("extend", extension.toString(), who);
    }

    @Override
    public ActionResult switchSchedule(String scheduleId, Operator who) {
        return record("schedule", scheduleId, who);
    }

    @Override
    public ActionResult acknowledgeAlarm(String code, Operator who) {
        return record("ack", code, who);
    }

    @Override
    public ActionResult setExternalPowerCap(Optional<BigDecimal> capKw, Operator who) {
        return record("cap", capKw.map(BigDecimal::toPlainString).orElse("none"), who);
    }
}
