package io.edgetally.protocol.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorRequestTest {

    private static OperatorRequest parse(OperatorRequest.Kind kind, String body) {
        return OperatorRequest.parse(kind, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRequestReadsBackFromTheBodyItWrites() {
        List<OperatorRequest> all = List.of(new OperatorRequest.ConfirmStep(), new OperatorRequest.AdvanceStep(),
                new OperatorRequest.ExtendStep(90), new OperatorRequest.SwitchSchedule("k326-upper"),
                new OperatorRequest.AcknowledgeAlarm("barn.fan.stopped"),
                new OperatorRequest.SetPowerCap(Optional.of(new BigDecimal("1800.5"))),
                new OperatorRequest.SetPowerCap(Optional.empty()));
        for (OperatorRequest r : all) {
            assertThat(parse(r.kind(), Json.write(r.toJson()))).isEqualTo(r);
        }
    }

    @Test
    void anEmptyBodyIsAnEmptyObjectForActionsWithoutArguments() {
        assertThat(parse(OperatorRequest.Kind.CONFIRM_STEP, "")).isEqualTo(new OperatorRequest.ConfirmStep());
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, ""))
                .isInstanceOf(InvalidRequestException.class).hasMessage("missing key 'minutes'");
    }

    @Test
    void badBodiesAreRefusedWithAReasonAnOperatorUnderstands() {
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, "{\"minutes\": 90"))
                .hasMessageStartingWith("malformed JSON: JSON line 1");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, "{\"minutes\": 90, \"why\": \"wet\"}"))
                .hasMessage("unknown key 'why', expected [minutes]");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.CONFIRM_STEP, "{\"now\": true}"))
                .hasMessageContaining("takes no body");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, "{\"minutes\": 1.5}"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, "{\"minutes\": 0}"))
                .hasMessageContaining("from 1 to 720");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.EXTEND_STEP, "{\"minutes\": \"90\"}"))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.SWITCH_SCHEDULE, "{\"id\": \"../etc/passwd\"}"))
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.SET_POWER_CAP, "{\"kw\": -5}"))
                .hasMessageContaining("from 0 to 100000 kW");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.SET_POWER_CAP, "{\"kw\": 1800000}"))
                .hasMessageContaining("from 0 to 100000 kW");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.SET_POWER_CAP, "{\"kw\": \"max\"}"))
                .hasMessageContaining("number of kW or null");
        assertThatThrownBy(() -> parse(OperatorRequest.Kind.ACKNOWLEDGE_ALARM, "[\"barn.fan.stopped\"]"))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> OperatorRequest.parse(OperatorRequest.Kind.ACKNOWLEDGE_ALARM, new byte[257]))
                .hasMessage("body is 257 bytes, at most 256");
    }

    @Test
    void eachSiteOffersOnlyItsOwnActionsAndServesItsOwnResource() {
        assertThat(OperatorRequest.Kind.forSite(SiteKind.CURING_BARN)).extracting(OperatorRequest.Kind::path)
                .containsExactly("/barn/step/confirm", "/barn/step/advance", "/barn/step/extend", "/barn/schedule",
                        "/alarms/ack");
        assertThat(OperatorRequest.Kind.forSite(SiteKind.SWAP_STATION)).extracting(OperatorRequest.Kind::path)
                .containsExactly("/alarms/ack", "/station/cap");
        assertThat(CoapResources.readables(SiteKind.SWAP_STATION)).extracting(CoapResources.Readable::path)
                .contains("/station").doesNotContain("/barn");
        assertThat(SiteKind.fromWireName("curing-barn").resourcePath()).isEqualTo("/barn");
        assertThatThrownBy(() -> SiteKind.fromWireName("kiln")).hasMessageContaining("curing-barn or swap-station");
    }
}
