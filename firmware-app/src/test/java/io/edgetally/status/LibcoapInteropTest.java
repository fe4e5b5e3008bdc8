package io.edgetally.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.protocol.json.Json;
import io.edgetally.time.ManualClock;
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
 * {@code libcoap3-bin}). Skipped where the binary is not installed.
 */
class LibcoapInteropTest {

    private static final Path CLIENT = Path.of("/usr/bin/coap-client-notls");

    private final FakeStatusSource barn = FakeStatusSource.barn();
    private StatusEndpoint endpoint;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CLIENT), CLIENT + " is not installed (apt-get install libcoap3-bin)");
        endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(), List.of(),
                Duration.ofSeconds(1)), barn, new RecordingOperatorActions(),
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
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "-B", "5"));
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
}
