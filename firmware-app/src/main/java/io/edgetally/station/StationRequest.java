package io.edgetally.station;

import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.status.Operator;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What an operator can ask of a swap station (over DTLS, {@code /station/cap} and {@code /alarms/ack}); {@code who}
 * is recorded with it. {@link StationSite#handle} checks each against the last published cycle and queues it.
 */
public sealed interface StationRequest {

    String who();

    /** The grid operator's limit on top of the station cap, in kW; empty lifts it. */
    record SetPowerCap(Optional<BigDecimal> capKw, String who) implements StationRequest {}

    /** The operator has seen the alarm {@code code}. */
    record AcknowledgeAlarm(String code, String who) implements StationRequest {}

    /**
     * The station's request for what arrived over CoAP. The endpoint offers a station only its own actions
     * ({@link OperatorRequest.Kind#forSite}), so a barn's request reaching here is a wiring mistake, not a refusal.
     */
    static StationRequest from(OperatorRequest request, Operator who) {
        return switch (request) {
            case OperatorRequest.SetPowerCap cap -> new SetPowerCap(cap.capKw(), who.identity());
            case OperatorRequest.AcknowledgeAlarm ack -> new AcknowledgeAlarm(ack.code(), who.identity());
            case OperatorRequest.ConfirmStep r -> notStations(r);
            case OperatorRequest.AdvanceStep r -> notStations(r);
            case OperatorRequest.ExtendStep r -> notStations(r);
            case OperatorRequest.SwitchSchedule r -> notStations(r);
        };
    }

    private static StationRequest notStations(OperatorRequest request) {
        throw new IllegalArgumentException(request.kind().path() + " is a barn's action; a station's endpoint offers "
                + OperatorRequest.Kind.forSite(io.edgetally.protocol.SiteKind.SWAP_STATION));
    }
}
