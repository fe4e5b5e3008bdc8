package io.edgetally.sim.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.cli.Cli;
import io.edgetally.cli.DoctorCommand;
import io.edgetally.io.gpio.GpioOpener;
import io.edgetally.sim.io.MockGpio;
import io.edgetally.sim.io.SimModbusMeterServer;
import io.edgetally.sim.io.SimModbusTcpServer;
import io.edgetally.sim.io.SimOneWireBus;
import io.edgetally.sim.io.SimRelayBoard;
import io.edgetally.sim.io.SimTemperatureTransmitter;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgetally doctor} against a simulated barn: a Modbus TCP meter, a relay board and a temperature
 * transmitter on loopback, mock GPIO pins, a 1-Wire folder, a listening "broker" and real certificate files.
 */
class DoctorCommandTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));
    private final SimRelayBoard board = new SimRelayBoard(2, 8, 2);
    private final SimTemperatureTransmitter transmitter = new SimTemperatureTransmitter(3, 1);
    private final SimModbusTcpServer gateway = new SimModbusTcpServer("gateway").unit(2, board).unit(3, transmitter);
    private final SimModbusMeterServer meter = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1,
            24_071_503L, () -> 1234.5, () -> 4200.0);
    private final List<String> onDuringClicks = new ArrayList<>();
    private ServerSocket broker;
    private MockGpio gpio;
    private SimOneWireBus oneWire;

    @BeforeEach
    void start() throws Exception {
        gateway.start(0);
        meter.start(0);
        broker = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        oneWire = new SimOneWireBus(dir.resolve("w1"));
        oneWire.write("28-00000000e001", 31.25);
        transmitter.setCelsius(0, 38.5);
        board.setInput(0, true);
        Path keys = Files.createDirectories(dir.resolve("data").resolve("keys"));
        secret(keys.resolve("device.key"), "rw-------");
        secret(dir.resolve("client.key"), "rw-------");
        try (InputStream ca = getClass().getResourceAsStream("/doctor/registry-ca.pem")) {
            Files.write(dir.resolve("ca.pem"), ca.readAllBytes());
        }
        Files.writeString(dir.resolve("synced"), "");
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        meter.close();
        broker.close();
    }

    private static void secret(Path file, String mode) throws Exception {
        Files.writeString(file, "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private Path config() throws Exception {
        String yaml = """
                site: doctor-test
                device: barn-01
                kind: curing-barn
                data-dir: %1$s/data
                clock-sync-file: %1$s/synced
                barn: {heater-stages: 2}
                io:
                  gpio:
                    provider: mock
                    relays:
                      fan-run: {pin: 19, active-low: true}
                      fan-high: {pin: 26}
                    inputs:
                      cutout: {pin: 27}
                  relay-board:
                    tcp: 127.0.0.1:%2$d
                    unit: 2
                    relays:
                      heater-1: {coil: 0}
                      heater-2: {coil: 1}
                    inputs:
                      airflow: {discrete-input: 0}
                  onewire:
                    base-path: %1$s/w1
                    wet-bulb: 28-00000000e001
                  modbus-probes:
                    dry-bulb: {tcp: 127.0.0.1:%2$d, unit: 3, register: 0}
                  meter: {name: barn, model: sdm630, tcp: 127.0.0.1:%3$d}
                uplink:
                  broker: ssl://127.0.0.1:%4$d
                  ca: %1$s/ca.pem
                  cert: %1$s/ca.pem
                  key: %1$s/client.key
                """.formatted(dir, gateway.port(), meter.port(), broker.getLocalPort());
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private record Run(int exit, String out) {
        List<String> lines(String status) {
            return out.lines().filter(l -> l.startsWith(status)).toList();
        }
    }

    /** Whether the doctor has opened the output on {@code pin} yet (relays are opened one by one). */
    private boolean opened(int pin) {
        try {
            gpio.outputHigh(pin);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private Run doctor(String... args) throws Exception {
        DoctorCommand command = new DoctorCommand(provider -> {
            assertThat(provider).isEqualTo("mock");
            gpio = new MockGpio();
            return new GpioOpener.Opened(gpio.board(), gpio::close);
        }, clock, d -> {
            List<String> on = new ArrayList<>();
            for (int coil = 0; coil < 8; coil++) {
                if (board.coil(coil)) {
                    on.add("coil " + coil);
                }
            }
            if (opened(19) && !gpio.outputHigh(19)) {
                on.add("fan-run"); // active-low: low is on
            }
            if (opened(26) && gpio.outputHigh(26)) {
                on.add("fan-high");
            }
            onDuringClicks.add(String.join("+", on));
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Cli().register("doctor", command).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHealthySiteOnlyPasses() throws Exception {
        Run r = doctor("doctor", "--config", config().toString());
        assertThat(r.lines("FAIL")).as(r.out()).isEmpty();
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("site doctor-test", "38.5 °C", "31.3 °C", "meter meter", "SDM630:24071503, 1234.50 kWh, 4200 W",
                "relay heater-1", "answers, off", "opened, off (GPIO 19, active-low)", "input airflow", "active (tcp://",
                "input cutout", "clock sync", "synchronised", "broker", "accepts TCP connections",
                "'CN=edgetally test registry CA' valid until 2035-12-30", "device key", "rw-------",
                "0 failed");
        assertThat(r.lines("WARN")).as("an install without the registry's key is told so")
                .anySatisfy(l -> assertThat(l).contains("registry key", "acks are NOT authenticated"));
        assertThat(onDuringClicks).as("nothing actuated without --actuate").isEmpty();
    }

    @Test
    void withTheRegistrysKeyProvisionedAcksAreSaidToBeAuthenticated() throws Exception {
        Path file = config();
        Files.writeString(file, Files.readString(file).replace("uplink:\n",
                "uplink:\n  registry-key: pInugo3QyFWreeKttLfhh38qAT+6GFAKsoxhyawxPac=\n"));
        Run r = doctor("doctor", "--config", file.toString());
        assertThat(r.lines("PASS")).as(r.out()).anySatisfy(l -> assertThat(l)
                .contains("registry key", "acks must be signed by registry key [a5998f1e6a0d1102]"));
        assertThat(r.out()).doesNotContain("NOT authenticated");
    }

    /** What an installer compares with a DTSU666's display (docs/install-pi.md, step 7). */
    @Test
    void aChintDtsu666ShowsItsImportTotalAndPowerInWatts() throws Exception {
        try (SimModbusMeterServer dtsu = new SimModbusMeterServer(SimModbusMeterServer.Model.DTSU666, 1, 1L,
                () -> 18234.5, () -> 48200.0)) {
            int port = dtsu.start(0);
            Path file = config();
            Files.writeString(file, Files.readString(file).replace(
                    "model: sdm630, tcp: 127.0.0.1:" + meter.port(), "model: dtsu666, tcp: 127.0.0.1:" + port));

            Run r = doctor("doctor", "--config", file.toString());

            assertThat(r.lines("FAIL")).as(r.out()).isEmpty();
            assertThat(r.out()).contains("DTSU666:tcp://127.0.0.1:" + port + "#1, 18234.50 kWh, 48200 W");
        }
    }

    /** A meter (or gateway) that refuses one request from power to energy: read field by field, and said so. */
    @Test
    void aStrictMeterPassesAndTheDoctorSaysItIsReadFieldByField() throws Exception {
        meter.setStrict(true);
        Run r = doctor("doctor", "--config", config().toString());

        assertThat(r.lines("FAIL")).as(r.out()).isEmpty();
        assertThat(r.lines("PASS")).anySatisfy(l -> assertThat(l).contains("meter meter",
                "SDM630:24071503, 1234.50 kWh, 4200 W", "read in 2 requests per read",
                "refused input registers 0x0034..0x0049 in one request with exception 2"));
    }

    @Test
    void actuateClicksEachRelayAloneAndLeavesThemOff() throws Exception {
        Run r = doctor("doctor", "--config", config().toString(), "--actuate");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(onDuringClicks).containsExactly("fan-run", "fan-high", "coil 0", "coil 1");
        assertThat(board.coil(0) || board.coil(1)).isFalse();
        assertThat(r.lines("PASS").stream().filter(l -> l.contains("clicked on for 1 s and off")).count()).isEqualTo(4);
    }

    @Test
    void everyBrokenPartIsNamedAndTheExitCodeSaysSo() throws Exception {
        Path file = config();
        gateway.setSilent(2, true);
        meter.setFault(SimModbusMeterServer.Fault.EXCEPTION);
        oneWire.setFault("28-00000000e001", SimOneWireBus.Fault.MISSING);
        secret(dir.resolve("client.key"), "rw-r--r--");
        int brokerPort = broker.getLocalPort();
        broker.close();
        clock.advance(java.time.Duration.ofDays(365 * 10));

        Run r = doctor("doctor", "--config", file.toString());

        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.lines("FAIL")).anySatisfy(l -> assertThat(l).contains("relay heater-1", "unit 2"))
                .anySatisfy(l -> assertThat(l).contains("input airflow"))
                .anySatisfy(l -> assertThat(l).contains("meter meter", "exception code 4"))
                .anySatisfy(l -> assertThat(l).contains("probe wet-bulb", "OPEN"))
                .anySatisfy(l -> assertThat(l).contains("uplink key", "readable by every user"))
                .anySatisfy(l -> assertThat(l).contains("broker", "127.0.0.1:" + brokerPort))
                .anySatisfy(l -> assertThat(l).contains("uplink ca", "expired 2035-12-30"));
        assertThat(r.lines("PASS")).anySatisfy(l -> assertThat(l).contains("probe dry-bulb", "38.5"));
    }

    @Test
    void aConfigThatDoesNotParseIsOneFailWithItsLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "site: s\ndevice: d\nkind: curing-barn\nbarn: {}\nio:\n  gpio: {relays: {heater-1: {pin: 99}}}\n");
        Run r = doctor("doctor", "--config", file.toString());
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.lines("FAIL")).singleElement().asString().contains("config", "bad.yaml line 6", "0 to 27");
    }
}
