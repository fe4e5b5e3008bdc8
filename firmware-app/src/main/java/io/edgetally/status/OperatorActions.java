package io.edgetally.status;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Operator actions the CoAP endpoint passes to the controller, each only after a DTLS handshake with a configured
 * pre-shared key. The implementation performs the action on its next control cycle or refuses it, and records an
 * event with {@link Operator#identity()} and {@link Operator#at()} either way.
 *
 * <p>Called from CoAP worker threads; implementations must be thread-safe and must not block for long (a CoAP
 * client retransmits after about 2 s).
 */
public interface OperatorActions {

    /** The leaf meets the current step's exit criteria: leave the step. */
    ActionResult confirmStep(Operator who);

    /** Leave the current step now. */
    ActionResult advanceStep(Operator who);

    /** Hold the current step longer. */
    ActionResult extendStep(Duration extension, Operator who);

    /** Switch to another installed curing schedule. */
    ActionResult switchSchedule(String scheduleId, Operator who);

    /** Acknowledge an active alarm by its code. */
    ActionResult acknowledgeAlarm(String code, Operator who);

    /** Set the station's external power cap in kW, or lift it when empty. */
    ActionResult setExternalPowerCap(Optional<BigDecimal> capKw, Operator who);
}
