package io.edgetally.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.protocol.json.Json;
import io.edgetally.testkit.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint read by a CoAP client nobody here wrote: libcoap's {@code coap-client-notls} (Debian package
 * {@code libcoap3-bin}), and its OpenSSL build for DTLS. Skipped where the binaries are not installed.
 */
class LibcoapInteropTest {

    private static final Path CLIENT = Path.of("/usr/bin/coap-client-notls");
    /** The same client built with OpenSSL, for DTLS with pre-shared keys. */
    private static final Path DTLS_CLIENT = Path.of("/usr/bin/coap-client-openssl");
    private static final String ANNA = "op-anna";
    private static final String ANNA_SECRET = "anna-secret-0123456789";

    private final FakeStatusSource barn = FakeStatusSource.barn();
    private final RecordingOperatorActions actions = new RecordingOperatorActions();
    private StatusEndpoint endpoint;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CLIENT), CLIENT + " is not installed (apt-get install libcoap3-bin)");
        endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(),
                List.of(OperatorKey.ofText(ANNA, ANNA_SECRET)), Duration.ofSeconds(1)), barn, actions,
                new ManualClock(Instant.parse("2026-08-02T12:40:00Z")));
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private record Run(int exit, String out, String err) {}

    private Run coapClient(String... args) throws IOException, InterruptedException {
        return run(CLIENT, 5, args);
    }

    /** Runs a libcoap client that gives up after {@code waitSeconds} without an answer. */
    private Run run(Path binary, int waitSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-B", String.valueOf(waitSeconds)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("coap-client-notls finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void libcoapReadsStatusAsJson() throws Exception {
        Run r = coapClient("-m", "get", "-A", "50", endpoint.coapUri() + "/status");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Json.parseObject(r.out().strip())).isEqualTo(barn.status());
    }

    @Test
    void libcoapDiscoversTheResourcesAndTheirAttributes() throws Exception {
        Run r = coapClient("-m", "get", endpoint.coapUri() + "/.well-known/core");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("</status>", "rt=\"edgetally.status\"", "if=\"core.s\"", "ct=50", "obs",
                "</barn>", "</tally>", "</alarms>", "</meters>", "</barn/step/confirm>", "if=\"core.a\"");
    }

    @Test
    void libcoapCannotActOverPlainCoap() throws Exception {
        Run r = coapClient("-m", "post", "-t", "50", "-e", "{\"minutes\":30}",
                endpoint.coapUri() + "/barn/step/extend");
        assertThat(r.out() + r.err()).contains("4.01");
    }

    @Test
    void libcoapFollowsAlarmsByObserveAndSeesANewAlarm() throws Exception {
        Process p = new ProcessBuilder(CLIENT.toString(), "-s", "10", "-m", "get",
                endpoint.coapUri() + "/alarms").redirectErrorStream(true).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var in = p.getInputStream()) {
                int c;
                while ((c = in.read()) != -1) {
                    seen.append((char) c);
                }
            } catch (IOException e) {
                seen.append("read failed: ").append(e);
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.toString().contains("barn.wet-bulb.wick-dry"));
            barn.set(StatusTopic.ALARMS, Json.parseObject("""
                    {"active":[{"code":"barn.fan.stopped","severity":"critical","message":"fan stopped",
                      "raisedAt":"2026-08-02T12:41:00Z","acknowledged":false,"acknowledgedBy":null}],
                     "at":"2026-08-02T12:41:00Z"}"""));
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.toString().contains("barn.fan.stopped"));
        } finally {
            p.destroy();
            reader.join(5_000);
        }
    }

    @Test
    void libcoapWithOpenSslActsOverDtlsWithTheRightKeyOnly() throws Exception {
        assumeTrue(Files.isExecutable(DTLS_CLIENT), DTLS_CLIENT + " is not installed");
        String coaps = endpoint.coapsUri().orElseThrow().toString();
        Run wrong = run(DTLS_CLIENT, 2, "-m", "post", "-t", "50", "-e", "{}", "-u", ANNA, "-k",
                "not-annas-secret-0000", coaps + "/barn/step/advance");
        assertThat(wrong.out()).doesNotContain("barn.step.advance");
        assertThat(actions.calls).isEmpty();

        Run right = run(DTLS_CLIENT, 5, "-m", "post", "-t", "50", "-e", "{\"minutes\":90}", "-u", ANNA, "-k",
                ANNA_SECRET, coaps + "/barn/step/extend");
        assertThat(right.exit()).as(right.err()).isZero();
        assertThat(Json.parseObject(right.out().strip()).string("by")).isEqualTo(ANNA);
        assertThat(actions.calls).extracting(RecordingOperatorActions.Call::argument).containsExactly("PT1H30M");
    }
}
