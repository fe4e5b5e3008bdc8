package io.edgetally.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.testkit.ManualClock;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator actions over DTLS with pre-shared keys, on loopback with Californium's client and Scandium. */
class OperatorActionsOverDtlsTest {

    private static final String ANNA = "op-anna";
    private static final String ANNA_SECRET = "anna-secret-0123456789";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-08-02T12:40:00Z"));
    private final RecordingOperatorActions actions = new RecordingOperatorActions();
    private final List<CoapEndpoint> clients = new ArrayList<>();
    private StatusEndpoint endpoint;

    private void start(FakeStatusSource source) {
        endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(),
                List.of(OperatorKey.ofText(ANNA, ANNA_SECRET), OperatorKey.ofText("op-li", "li-secret-9876543210")),
                Duration.ofMillis(50)), source, actions, clock);
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        clients.forEach(CoapEndpoint::destroy);
    }

    private CoapClient secure(String identity, String secret, String path) {
        CoapEndpoint e = CoapTestClients.dtlsEndpoint(identity, secret);
        clients.add(e);
        URI base = endpoint.coapsUri().orElseThrow();
        return CoapTestClients.client(e, base, path);
    }

    private CoapResponse post(String path, String body) throws Exception {
        return secure(ANNA, ANNA_SECRET, path).post(body, MediaTypeRegistry.APPLICATION_JSON);
    }

    @Test
    void theRightKeyExtendsTheStepAndTheControllerLearnsWhoAndWhen() throws Exception {
        start(FakeStatusSource.barn());
        actions.answerWith(ActionResult.done("step 2 extended by 90 min"));
        CoapResponse r = post("/barn/step/extend", "{\"minutes\": 90}");

        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        JsonObject reply = Json.parseObject(r.getPayload());
        assertThat(reply.string("by")).isEqualTo(ANNA);
        assertThat(reply.string("action")).isEqualTo("barn.step.extend");
        assertThat(reply.string("result")).isEqualTo("step 2 extended by 90 min");
        assertThat(actions.calls).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("extend");
            assertThat(call.argument()).isEqualTo("PT1H30M");
            assertThat(call.who().identity()).isEqualTo(ANNA);
            assertThat(call.who().at()).isEqualTo(clock.instant());
            assertThat(call.who().address().getAddress().isLoopbackAddress()).isTrue();
        });
    }

    @Test
    void everyBarnActionReachesTheController() throws Exception {
        start(FakeStatusSource.barn());
        CoapClient confirm = secure("op-li", "li-secret-9876543210", "/barn/step/confirm");
        assertThat(confirm.post("", MediaTypeRegistry.APPLICATION_JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/barn/step/advance", "{}").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/barn/schedule", "{\"id\":\"k326-upper\"}").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/alarms/ack", "{\"code\":\"barn.wet-bulb.wick-dry\"}").getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(secure(ANNA, ANNA_SECRET, "/status").get().getCode()).as("reads work over DTLS too")
                .isEqualTo(ResponseCode.CONTENT);
        assertThat(actions.calls).extracting(c -> c.action() + ":" + c.argument() + ":" + c.who().identity())
                .containsExactly("confirm::op-li", "advance::op-anna", "schedule:k326-upper:op-anna",
                        "ack:barn.wet-bulb.wick-dry:op-anna");
    }

    @Test
    void aStationTakesAnExternalPowerCapAndItsLifting() throws Exception {
        start(FakeStatusSource.station());
        assertThat(post("/station/cap", "{\"kw\": 1800.5}").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/station/cap", "{\"kw\": null}").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post("/barn/step/confirm", "{}").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(actions.calls).extracting(RecordingOperatorActions.Call::argument)
                .containsExactly("1800.5", "none");
    }

    @Test
    void aWrongSecretOrUnknownIdentityGetsNoHandshakeAndNothingHappens() throws Exception {
        start(FakeStatusSource.barn());
        for (CoapClient intruder : List.of(secure(ANNA, "not-annas-secret-000", "/barn/step/advance"),
                secure("op-mallory", ANNA_SECRET, "/barn/step/advance"))) {
            intruder.setTimeout(2_000L);
            CoapResponse r;
            try {
                r = intruder.post("{}", MediaTypeRegistry.APPLICATION_JSON);
            } catch (java.io.IOException | org.eclipse.californium.elements.exception.ConnectorException e) {
                r = null;
            }
            assertThat(r).as("no CoAP answer without a completed handshake").isNull();
        }
        assertThat(actions.calls).isEmpty();
        // the endpoint still serves the right key afterwards
        assertThat(post("/barn/step/advance", "{}").getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void plainCoapIsToldWhereTheDtlsPortIs() throws Exception {
        start(FakeStatusSource.barn());
        CoapEndpoint plain = CoapTestClients.plainEndpoint();
        clients.add(plain);
        CoapResponse r = CoapTestClients.client(plain, endpoint.coapUri(), "/barn/step/advance")
                .post("{}", MediaTypeRegistry.APPLICATION_JSON);
        assertThat(r.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(r.getResponseText()).endsWith("coaps:// on UDP " + endpoint.coapsUri().orElseThrow().getPort());
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void aRefusalCarriesTheControllersReasonAndCode() throws Exception {
        start(FakeStatusSource.barn());
        actions.answerWith(ActionResult.refused(ActionResult.Reason.CONFLICT,
                "step 2 does not await confirmation"));
        CoapResponse r = post("/barn/step/confirm", "");
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONFLICT);
        assertThat(r.getResponseText()).isEqualTo("step 2 does not await confirmation");
    }

    @Test
    void badBodiesAreRefusedWithAReasonBeforeTheControllerSeesThem() throws Exception {
        start(FakeStatusSource.barn());
        CoapResponse malformed = post("/barn/step/extend", "{\"minutes\": 90");
        assertThat(malformed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(malformed.getResponseText()).contains("malformed JSON");

        CoapResponse typo = post("/barn/step/extend", "{\"minute\": 90}");
        assertThat(typo.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(typo.getResponseText()).contains("unknown key 'minute'");

        CoapResponse tooLong = post("/barn/step/extend", "{\"minutes\": 5000}");
        assertThat(tooLong.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(tooLong.getResponseText()).contains("1 to 720");

        CoapResponse text = secure(ANNA, ANNA_SECRET, "/alarms/ack").post("code=x", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(text.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);

        CoapResponse large = post("/alarms/ack", "{\"code\":\"" + "x".repeat(400) + "\"}");
        assertThat(large.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(large.getOptions().getSize1()).isEqualTo(256);

        CoapResponse get = secure(ANNA, ANNA_SECRET, "/alarms/ack").get();
        assertThat(get.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);

        assertThat(actions.calls).isEmpty();
        assertThat(post("/barn/step/extend", "{\"minutes\": 30}").getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void blockWiseUploadsWorkWhenWholeAndAreRefusedWhenTooLarge() throws Exception {
        start(FakeStatusSource.barn());
        CoapClient ack = secure(ANNA, ANNA_SECRET, "/alarms/ack");

        Request huge = Request.newPost();
        huge.getOptions().setBlock1(2, true, 0).setSize1(100_000)
                .setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        huge.setPayload(new byte[64]);
        assertThat(ack.advanced(huge).getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);

        // a small-block client (64-byte blocks) sending a 200-byte body in four blocks
        String padded = "{\"code\":\"barn.fan.stopped\"" + " ".repeat(170) + "}";
        Request whole = Request.newPost();
        whole.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        whole.setPayload(padded);
        CoapClient smallBlocks = secure(ANNA, ANNA_SECRET, "/alarms/ack");
        smallBlocks.useEarlyNegotiation(64);
        assertThat(smallBlocks.advanced(whole).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(actions.calls).extracting(RecordingOperatorActions.Call::argument)
                .containsExactly("barn.fan.stopped");
    }
}
