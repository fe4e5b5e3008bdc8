package io.edgetally.cli;

import io.edgetally.protocol.json.Json;
import io.edgetally.status.FakeStatusSource;
import io.edgetally.status.RecordingOperatorActions;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.status.StatusTopic;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code edgetally status} against a running endpoint on loopback. */
class StatusCommandTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private StatusEndpoint endpoint;

    private String start(FakeStatusSource source) {
        endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(), List.of(),
                Duration.ofSeconds(1)), source, new RecordingOperatorActions(),
                new ManualClock(Instant.parse("2026-08-02T12:40:00Z")));
        return endpoint.coapUri().toString();
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsABarnWithAlarmsFirstAndEveryQuantityWithItsUnit() {
        String uri = start(FakeStatusSource.barn());
        int exit = Main.cli().run(new String[] {"status", uri}, out, err);

        assertThat(exit).as(err()).isZero();
        String shown = out();
        assertThat(shown.indexOf("ALARMS  1 active")).isGreaterThan(0).isLessThan(shown.indexOf("STATUS"));
        assertThat(shown).contains("WARNING", "barn.wet-bulb.wick-dry", "check the wick")
                .contains("barn-07 at site jiange-12 (curing-barn)")
                .contains("3 d 03:52:05")
                .contains("3 records not yet acknowledged")
                .contains("2 of 8 · main yellowing · hold")
                .contains("5 h 10 min elapsed, 8 h 50 min left")
                .containsPattern("dry bulb\\s+38.0 °C\\s+37.6 °C")
                .containsPattern("wet bulb\\s+35.0 °C\\s+35.2 °C")
                .contains("heater on · fan high · damper 20 %")
                .containsPattern("TODAY\\s+BATCH\\s+SEASON")
                .containsPattern("electricity used\\s+412.5 kWh\\s+1650.0 kWh\\s+9875.0 kWh")
                .containsPattern("CO2 net of grid\\s+77.17 kg")
                .contains("acknowledged by the registry up to 41");
    }

    @Test
    void showsAStationsPacksChargersAndDieselDisplaced() {
        String uri = start(FakeStatusSource.station());
        assertThat(Main.cli().run(new String[] {"status", uri}, out, err)).as(err()).isZero();
        assertThat(out()).contains("ALARMS  none active", "clock", "NOT synced", "uplink")
                .containsPattern("P1\\s+1\\s+96.5 %\\s+ready")
                .containsPattern("C2\\s+P2\\s+285.0 kW\\s+charging")
                .contains("external cap 1800 kW")
                .containsPattern("TODAY\\s+DAY\\s+SEASON")
                .containsPattern("diesel displaced\\s+1261.3 L");
    }

    @Test
    void saysClearlyWhenNothingAnswers() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String uri = "coap://127.0.0.1:" + silent.getLocalPort();
            int exit = Main.cli().run(new String[] {"status", uri, "--timeout", "1"}, out, err);
            assertThat(exit).isEqualTo(1);
            assertThat(err()).contains("no CoAP answer from " + uri + "/status within 1 s", "is edgetally running");
        }
    }

    @Test
    void aNameThatDoesNotResolveIsOneClearLineAndNoStackTrace() {
        // .invalid never resolves (RFC 2606)
        int exit = Main.cli().run(new String[] {"status", "coap://no-such-host.invalid"}, out, err);
        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo("edgetally status: cannot resolve the device's name 'no-such-host.invalid': check"
                + " the name, or give its address, e.g. coap://192.168.1.20" + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void refusesArgumentsItCannotUse() {
        assertThat(Main.cli().run(new String[] {"status", "http://10.0.0.5"}, out, err)).isEqualTo(2);
        assertThat(Main.cli().run(new String[] {"status", "coaps://10.0.0.5"}, out, err)).isEqualTo(2);
        assertThat(Main.cli().run(new String[] {"status", "coap://10.0.0.5/status"}, out, err)).isEqualTo(2);
        assertThat(Main.cli().run(new String[] {"status", "--watch", "--count", "0"}, out, err)).isEqualTo(2);
        assertThat(Main.cli().run(new String[] {"status", "--count", "3"}, out, err)).isEqualTo(2);
        assertThat(err()).contains("read-only", "instead of coap://10.0.0.5/status", "above 0",
                "--count only goes with --watch", "usage: edgetally status");
    }

    @Test
    void watchFollowsAlarmsAndStatusAndPrintsAnAlarmRaisedMeanwhile() {
        FakeStatusSource barn = FakeStatusSource.barn();
        String uri = start(barn);
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(
                () -> Main.cli().run(new String[] {"status", uri, "--watch", "--count", "4"}, out, err));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> out().contains("-- /alarms --") && out().contains("-- /status --")
                        && out().contains("-- /barn --"));

        barn.set(StatusTopic.ALARMS, Json.parseObject("""
                {"active":[{"code":"barn.fan.stopped","severity":"critical","message":"fan stopped, heater off",
                  "raisedAt":"2026-08-02T12:41:00Z","acknowledged":false,"acknowledgedBy":null}],
                 "at":"2026-08-02T12:41:00Z"}"""));

        assertThat(watching.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).as(err()).isZero();
        String shown = out();
        assertThat(shown.lastIndexOf("-- /alarms --")).isGreaterThan(shown.indexOf("-- /barn --"));
        assertThat(shown.substring(shown.lastIndexOf("-- /alarms --")))
                .containsPattern("CRITICAL\\s+barn.fan.stopped");
    }

    @Test
    void watchWithoutACountStopsCleanlyWhenInterrupted() throws Exception {
        String uri = start(FakeStatusSource.barn());
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watcher = new Thread(() -> exit.set(Main.cli().run(new String[] {"status", uri, "--watch"}, out, err)));
        watcher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> out().contains("-- /status --"));
        watcher.interrupt();
        watcher.join(5_000);
        assertThat(watcher.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }
}
