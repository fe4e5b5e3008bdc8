package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.gpio.Relay;
import io.edgetally.io.meter.EastronSdm120;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.ModbusRelayBoard;
import io.edgetally.io.modbus.ModbusTemperatureChannel;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.modbus.RtuModbusTransport;
import io.edgetally.io.modbus.RtuSettings;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ModbusStationIo;
import io.edgetally.io.plc.PlcSwapCursor;
import io.edgetally.sim.station.SimStationPlc;
import io.edgetally.sim.station.StationModelConfig;
import io.edgetally.sim.station.SwapStationModel;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU between the firmware's serial transport and a simulated meter, over a pseudo-terminal pair made by
 * socat (the serial line). Skipped where socat is not installed ({@code apt-get install socat}).
 */
class ModbusRtuOverPtyTest {

    @TempDir
    Path dir;

    private Process socat;
    private Path masterSide;
    private Path meterSide;

    @BeforeEach
    void serialLine() throws IOException {
        assumeTrue(socatInstalled(), "socat is not installed");
        Path a = dir.resolve("master");
        Path b = dir.resolve("meter");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(a) && Files.exists(b));
        masterSide = a.toRealPath();
        meterSide = b.toRealPath();
    }

    @AfterEach
    void closeLine() {
        if (socat != null) {
            socat.destroy();
        }
    }

    /** The controller's side of the line: 9600 8N1, a 300 ms answer timeout, a silent unit backed off 10 to 60 s. */
    private ModbusClient bus(ManualClock clock) {
        return new ModbusClient(new RtuModbusTransport(new RtuSettings(masterSide.toString(), 9600, 8,
                RtuSettings.Parity.NONE, 1, Duration.ofMillis(300), Duration.ZERO, false)),
                new BackoffPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60)), clock);
    }

    @Test
    void aMeterOnTheBusIsReadAndASilentUnitBacksOffWithoutStoppingIt() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T06:00:00Z"));
        try (SimModbusRtuMeter sim = new SimModbusRtuMeter(meterSide.toString(), SimModbusMeterServer.Model.SDM120,
                1, 777L, () -> 52.25, () -> 900.0);
                ModbusClient bus = bus(clock)) {
            ModbusEnergyMeter present = new ModbusEnergyMeter(EastronSdm120.MAP, bus, 1, clock);
            ModbusEnergyMeter absent = new ModbusEnergyMeter(EastronSdm120.MAP, bus, 2, clock);

            assertThat(present.read()).isEqualTo(new MeterReading.Ok("SDM120:777", 52.25, 900.0, clock.instant()));
            assertThat(absent.read()).isInstanceOfSatisfying(MeterReading.Failed.class, f -> assertThat(f.reason())
                    .contains("rtu:" + masterSide + "@9600,8N1", "unit 2", "no valid answer within 300 ms"));

            clock.advance(Duration.ofSeconds(1));
            assertThat(absent.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                    f -> assertThat(f.reason()).contains("not sent"));
            assertThat(present.read()).isEqualTo(new MeterReading.Ok("SDM120:777", 52.25, 900.0, clock.instant()));
        }
    }

    @Test
    void aStrictMeterOnTheBusIsReadFieldByFieldAfterItRefusesTheSpanningRequest() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T06:00:00Z"));
        try (SimModbusRtuMeter sim = new SimModbusRtuMeter(meterSide.toString(), SimModbusMeterServer.Model.SDM120,
                1, 777L, () -> 52.25, () -> 900.0);
                ModbusClient bus = bus(clock)) {
            sim.setStrict(true);
            ModbusEnergyMeter meter = new ModbusEnergyMeter(EastronSdm120.MAP, bus, 1, clock);

            assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM120:777", 52.25, 900.0, clock.instant()));
            assertThat(meter.requestsPerRead()).isEqualTo(2);
            assertThat(meter.describe()).contains("rtu:" + masterSide + "@9600,8N1 unit 1", "read in 2 requests",
                    "exception 2");
            clock.advance(Duration.ofSeconds(15));
            assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM120:777", 52.25, 900.0, clock.instant()));
        }
    }

    @Test
    void anRs485RelayBoardSwitchesCoilsAndReportsInputsAndTemperatures() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T06:00:00Z"));
        SimRelayBoard board = new SimRelayBoard(4, 8, 2);
        board.addInputRegister(new com.ghgande.j2mod.modbus.procimg.SimpleInputRegister(-125 & 0xFFFF));
        board.setInput(1, true);
        try (SimModbusRtuMeter sim = new SimModbusRtuMeter(meterSide.toString(), "relay-board", 4, board);
                ModbusLinks links = new ModbusLinks(clock)) {
            ModbusClient bus = links.rtu(new RtuSettings(masterSide.toString(), 9600, 8, RtuSettings.Parity.NONE, 1,
                    Duration.ofMillis(300), Duration.ZERO, false));
            ModbusRelayBoard relays = new ModbusRelayBoard(bus, 4);
            Relay heater = relays.relay("heater-1", 6);
            heater.set(true);
            assertThat(board.coil(6)).isTrue();
            assertThat(heater.isOn()).isTrue();
            assertThat(relays.input("airflow", 1, false).isActive()).isTrue();
            ModbusTemperatureChannel probe = new ModbusTemperatureChannel(new ModbusTemperatureChannel.Channel(
                    "dry bulb", 4, RegisterKind.INPUT, 0, 0.1, true, -40, 125), bus);
            assertThat(probe.read()).isEqualTo(new TemperatureReading.Valid(-12.5));
            heater.set(false);
            assertThat(board.coil(6)).isFalse();
        }
    }

    @Test
    void theStationPlcOnRs485GivesItsImageAndTakesItsSetpoints() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T06:00:00Z"));
        SwapStationModel model = new SwapStationModel(
                StationModelConfig.defaults(), ZoneId.of("Asia/Shanghai"),
                List.of(), clock.instant());
        model.setPackSoc(4, 0.61);
        SimStationPlc plc = new SimStationPlc(5, 8, 16);
        plc.publish(model);
        try (SimModbusRtuMeter sim = new SimModbusRtuMeter(meterSide.toString(), "station-plc", 5, plc);
                Database db = Database.open(dir.resolve("edgetally.db"));
                ModbusLinks links = new ModbusLinks(clock)) {
            ModbusClient bus = links.rtu(new RtuSettings(masterSide.toString(), 9600, 8, RtuSettings.Parity.NONE, 1,
                    Duration.ofMillis(300), Duration.ZERO, false));
            ModbusStationIo station = new ModbusStationIo(bus,
                    new ModbusStationIo.Settings(5, 8, Duration.ofSeconds(10),
                            Duration.ofMinutes(1)), new PlcSwapCursor(db), clock);
            var image = station.read();
            assertThat(station.imageValid()).isTrue();
            assertThat(image.slots().get(4).pack().orElseThrow().soc()).isEqualTo(0.61);
            station.apply(List.of(new ChargerSetpoint(4, 87.5)));
            assertThat(plc.setpointKw(4)).isEqualTo(87.5);
            assertThat(station.activeAlarms()).isEmpty();
        }
    }

    private static boolean socatInstalled() {
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
