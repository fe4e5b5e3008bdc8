package io.edgetally.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads, discovery, Observe and request errors over real UDP on loopback with Californium's client. */
class StatusEndpointTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-08-02T12:40:00Z"));
    private final FakeStatusSource barn = FakeStatusSource.barn();
    private final RecordingOperatorActions actions = new RecordingOperatorActions();
    private final CoapEndpoint client = CoapTestClients.plainEndpoint();
    private StatusEndpoint endpoint;

    private StatusEndpoint start(FakeStatusSource source) throws Exception {
        endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(), List.of(),
                Duration.ofMillis(50)), source, actions, clock);
        return endpoint;
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        client.destroy();
    }

    private CoapResponse get(String path) throws Exception {
        return CoapTestClients.client(client, endpoint.coapUri(), path).get();
    }

    @Test
    void everyResourceOfABarnServesTheControllersSnapshotAsJson() throws Exception {
        start(barn);
        for (var entry : List.of(
                new Object[] {CoapResources.STATUS, StatusTopic.STATUS},
                new Object[] {CoapResources.BARN, StatusTopic.SITE},
                new Object[] {CoapResources.TALLY, StatusTopic.TALLY},
                new Object[] {CoapResources.ALARMS, StatusTopic.ALARMS},
                new Object[] {CoapResources.METERS, StatusTopic.METERS})) {
            CoapResponse r = get((String) entry[0]);
            assertThat(r.getCode()).as((String) entry[0]).isEqualTo(ResponseCode.CONTENT);
            assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
            assertThat(Json.parseObject(r.getPayload())).isEqualTo(barn.get((StatusTopic) entry[1]));
        }
        assertThat(get(CoapResources.STATION).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void aStationServesStationNotBarn() throws Exception {
        start(FakeStatusSource.station());
        assertThat(Json.parseObject(get(CoapResources.STATION).getPayload()).members()).containsKey("packs");
        assertThat(get(CoapResources.BARN).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        String core = get(CoapResources.WELL_KNOWN_CORE).getResponseText();
        assertThat(core).contains("</station>").contains("</station/cap>").doesNotContain("</barn");
    }

    @Test
    void wellKnownCoreListsResourceTypesInterfacesContentFormatsAndObservability() throws Exception {
        start(barn);
        CoapResponse r = get(CoapResources.WELL_KNOWN_CORE);
        assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
        List<String> links = List.of(r.getResponseText().split(","));
        assertThat(link(links, "/status")).contains("rt=\"edgetally.status\"", "if=\"core.s\"", "ct=50", "obs");
        assertThat(link(links, "/barn")).contains("rt=\"edgetally.barn\"", "obs");
        assertThat(link(links, "/alarms")).contains("rt=\"edgetally.alarms\"", "obs");
        assertThat(link(links, "/tally")).contains("rt=\"edgetally.tally\"", "ct=50").doesNotContain("obs");
        assertThat(link(links, "/meters")).contains("rt=\"edgetally.meters\"");
        assertThat(link(links, "/barn/step/extend")).contains("rt=\"edgetally.action.barn.step.extend\"",
                "if=\"core.a\"");
        assertThat(link(links, "/alarms/ack")).contains("if=\"core.a\"");
        assertThat(r.getResponseText()).doesNotContain("</barn/step>");
    }

    private static String link(List<String> links, String path) {
        return links.stream().filter(l -> l.startsWith("<" + path + ">")).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not in " + links));
    }

    @Test
    void anObserverOfAlarmsIsNotifiedWhenAnAlarmIsRaisedButNotWhenNothingChanged() throws Exception {
        start(barn);
        BlockingQueue<JsonObject> seen = new LinkedBlockingQueue<>();
        CoapClient alarms = CoapTestClients.client(client, endpoint.coapUri(), CoapResources.ALARMS);
        CoapObserveRelation relation = alarms.observeAndWait(collect(seen));
        assertThat(relation.isCanceled()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        seen.clear();

        barn.touch(StatusTopic.ALARMS);
        JsonObject raised = Json.parseObject("""
                {"active":[{"code":"barn.fan.stopped","severity":"critical","message":"fan stopped, heater off",
                  "raisedAt":"2026-08-02T12:41:00Z","acknowledged":false,"acknowledgedBy":null}],
                 "at":"2026-08-02T12:41:00Z"}""");
        barn.set(StatusTopic.ALARMS, raised);

        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        assertThat(seen.poll()).isEqualTo(raised);
        // the touch with nothing changed sent nothing before the real change
        assertThat(seen).isEmpty();
        relation.proactiveCancel();
    }

    @Test
    void aQuietResourceStillNotifiesOncePerHeartbeatByTheControllersClock() throws Exception {
        start(barn);
        BlockingQueue<JsonObject> seen = new LinkedBlockingQueue<>();
        CoapObserveRelation relation = CoapTestClients.client(client, endpoint.coapUri(), CoapResources.STATUS)
                .observeAndWait(collect(seen));
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        seen.clear();

        clock.advance(Duration.ofSeconds(59));
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        assertThat(seen.poll()).isEqualTo(barn.status());
        relation.proactiveCancel();
    }

    private static CoapHandler collect(BlockingQueue<JsonObject> seen) {
        return new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                seen.add(Json.parseObject(response.getPayload()));
            }

            @Override
            public void onError() {}
        };
    }

    @Test
    void badRequestsGetTheRightCodeAndAReasonAndTheEndpointKeepsServing() throws Exception {
        start(barn);
        CoapResponse unknown = get("/nope");
        assertThat(unknown.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(unknown.getResponseText()).contains("/nope", "/.well-known/core");

        CoapResponse post = CoapTestClients.client(client, endpoint.coapUri(), CoapResources.STATUS)
                .post("{}", MediaTypeRegistry.APPLICATION_JSON);
        assertThat(post.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(post.getResponseText()).contains("GET");

        Request cbor = Request.newGet();
        cbor.getOptions().setAccept(MediaTypeRegistry.APPLICATION_CBOR);
        CoapResponse notAcceptable = CoapTestClients.client(client, endpoint.coapUri(), CoapResources.STATUS)
                .advanced(cbor);
        assertThat(notAcceptable.getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);

        CoapResponse plainAction = CoapTestClients.client(client, endpoint.coapUri(), "/barn/step/extend")
                .post("{\"minutes\":90}", MediaTypeRegistry.APPLICATION_JSON);
        assertThat(plainAction.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(plainAction.getResponseText()).contains("DTLS");
        assertThat(actions.calls).isEmpty();

        CoapResponse group = CoapTestClients.client(client, endpoint.coapUri(), "/barn/step").get();
        assertThat(group.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(group.getResponseText()).contains("actions under /barn/step");

        assertThat(get(CoapResources.STATUS).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    @Test
    void brokenOrMisplacedBlockOptionsAreRefusedAndTheEndpointKeepsServing() throws Exception {
        start(barn);
        // raw CoAP, because Californium's own client repairs such requests before sending them
        assertThat(rawPost(new byte[] {(byte) 0xF1, 0x3A})).as("option delta 15 is reserved").isEqualTo("4.02");
        assertThat(rawPost(new byte[] {(byte) 0xD1, 0x02, 0x3A})).as("Block1 starting at block 3")
                .isEqualTo("4.08");
        assertThat(actions.calls).isEmpty();
        assertThat(get(CoapResources.STATUS).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    /** POSTs 64 bytes to /alarms/ack with the given Block1 option bytes; returns the response code as "4.08". */
    private String rawPost(byte[] block1) throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x40, 0x02, 0x12, 0x34}); // CON POST, message id 0x1234, no token
        m.write(0xB6);
        m.writeBytes("alarms".getBytes(StandardCharsets.US_ASCII)); // Uri-Path
        m.write(0x03);
        m.writeBytes("ack".getBytes(StandardCharsets.US_ASCII)); // Uri-Path
        m.writeBytes(new byte[] {0x11, 50}); // Content-Format application/json
        m.writeBytes(block1);
        m.write(0xFF);
        m.writeBytes(new byte[64]);
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(5_000);
            byte[] out = m.toByteArray();
            udp.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(),
                    endpoint.coapUri().getPort()));
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            udp.receive(in);
            assertThat(in.getData()[2] & 0xFF).as("answers the same message id").isEqualTo(0x12);
            int code = in.getData()[1] & 0xFF;
            return (code >> 5) + "." + String.format("%02d", code & 0x1F);
        }
    }

    @Test
    void aFailingControllerSnapshotIsA503NotACrash() throws Exception {
        FakeStatusSource broken = FakeStatusSource.barn();
        start(broken);
        broken.failWith(StatusTopic.TALLY, new IllegalStateException("ledger closed"));
        CoapResponse r = get(CoapResources.TALLY);
        assertThat(r.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(r.getResponseText()).contains("/tally", "ledger closed");
        assertThat(get(CoapResources.STATUS).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        start(barn);
        int port = endpoint.coapUri().getPort();
        StatusEndpointConfig same = new StatusEndpointConfig(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), java.util.Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(1), 1024);
        assertThatThrownBy(() -> StatusEndpoint.start(same, barn, actions, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(":" + port);
    }

    @Test
    void closingStopsListeningToTheController() throws Exception {
        start(barn);
        assertThat(barn.listenerCount()).isEqualTo(1);
        endpoint.close();
        endpoint = null;
        assertThat(barn.listenerCount()).isZero();
    }
}
