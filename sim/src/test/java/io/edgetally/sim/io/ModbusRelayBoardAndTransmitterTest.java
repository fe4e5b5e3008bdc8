package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.curing.BarnInputs;
import io.edgetally.barn.curing.BarnOutputs;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.Relay;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.ModbusRelayBoard;
import io.edgetally.io.modbus.ModbusTemperatureChannel;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.testkit.ManualClock;
import io.edgetally.testkit.StderrCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Relay boards and temperature transmitters as generic Modbus maps, against simulated devices on loopback. */
class ModbusRelayBoardAndTransmitterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));
    private final SimRelayBoard board = new SimRelayBoard(2, 8, 4);
    private final SimTemperatureTransmitter transmitter = new SimTemperatureTransmitter(3, 2);
    private final SimModbusTcpServer gateway = new SimModbusTcpServer("gateway").unit(2, board).unit(3, transmitter);
    private ModbusClient client;

    @BeforeEach
    void start() {
        gateway.start(0);
        client = new ModbusClient(new TcpModbusTransport(new TcpSettings("127.0.0.1", gateway.port(),
                Duration.ofSeconds(2), Duration.ofMillis(300))), new BackoffPolicy(Duration.ofSeconds(5),
                Duration.ofSeconds(60)), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void relaysSwitchCoilsAndInputsReadDiscreteInputs() {
        ModbusRelayBoard relays = new ModbusRelayBoard(client, 2);
        Relay heater = relays.relay("heater-1", 0);
        Relay fan = relays.relay("fan-run", 5);
        DigitalIn airflow = relays.input("airflow", 1, false);

        heater.set(true);
        fan.set(true);
        assertThat(board.coil(0)).isTrue();
        assertThat(board.coil(5)).isTrue();
        assertThat(board.coil(1)).isFalse();
        assertThat(heater.isOn()).isTrue();
        heater.set(false);
        assertThat(board.coil(0)).isFalse();
        assertThat(heater.isOn()).isFalse();

        fan.set(true);
        board.setCoil(5, false); // the board lost power and came back with every coil off
        fan.set(true);
        assertThat(board.coil(5)).as("re-asserted on the next cycle's write").isTrue();

        assertThat(airflow.isActive()).isFalse();
        board.setInput(1, true);
        assertThat(airflow.isActive()).isTrue();
        assertThat(relays.lastFailure()).isEmpty();
    }

    @Test
    void aSilentBoardNeitherThrowsNorPretendsTheRelayMoved() {
        ModbusRelayBoard relays = new ModbusRelayBoard(client, 2);
        Relay heater = relays.relay("heater-1", 0);
        DigitalIn airflow = relays.input("airflow", 1, false);
        DigitalIn cutout = relays.input("cutout", 2, true);
        board.setInput(1, true);
        gateway.setSilent(2, true);

        heater.set(true);

        assertThat(heater.isOn()).as("not confirmed by the board").isFalse();
        assertThat(board.coil(0)).isFalse();
        assertThat(relays.lastFailure()).get().asString()
                .contains("heater-1", "coil 0", "tcp://127.0.0.1:" + gateway.port(), "unit 2");
        assertThat(airflow.isActive()).as("unreadable airflow proof reads as no airflow").isFalse();
        assertThat(cutout.isActive()).as("unreadable cut-out reads as tripped").isTrue();

        gateway.setSilent(2, false);
        heater.set(true);
        assertThat(heater.isOn()).as("still backing off: nothing sent").isFalse();
        clock.advance(Duration.ofSeconds(6));
        heater.set(true);
        assertThat(heater.isOn()).isTrue();
        assertThat(board.coil(0)).isTrue();
        assertThat(relays.lastFailure()).as("the board answers again").isEmpty();
        assertThat(airflow.isActive()).isTrue();
        assertThat(cutout.isActive()).isFalse();
    }

    /** Coils that answer while an input does not: one warning for the streak, not one (and an "again") per cycle. */
    @Test
    void aBoardWhoseInputCannotBeReadWarnsOncePerFailureStreak() {
        ModbusRelayBoard relays = new ModbusRelayBoard(client, 2);
        Relay heater = relays.relay("heater-1", 0);
        DigitalIn airflow = relays.input("airflow", 1, false);
        DigitalIn wired = relays.input("cutout", 7, true); // the board has 4 inputs: exception 2 every time
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            for (int cycle = 0; cycle < 10; cycle++) {
                heater.set(cycle % 2 == 0);
                assertThat(airflow.isActive()).isFalse();
                assertThat(wired.isActive()).as("unreadable cut-out reads as tripped").isTrue();
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(board.coil(0)).as("the relay still switches").isFalse();
            log = stderr.text();
        }
        assertThat(log.lines().filter(l -> l.contains("input 'cutout' unreadable"))).as(log).hasSize(1);
        assertThat(log).doesNotContain("answers again");
        assertThat(relays.lastFailure()).get().asString().contains("cutout");
    }

    @Test
    void transmitterChannelsReadTenthsOfADegreeAndNameTheRegisterWhenWrong() {
        ModbusTemperatureChannel dry = channel("dry bulb", 3, 0);
        ModbusTemperatureChannel wet = channel("wet bulb", 3, 1);
        transmitter.setCelsius(0, 38.4);
        transmitter.setCelsius(1, -3.5);
        assertThat(dry.read()).isEqualTo(new TemperatureReading.Valid(38.4));
        assertThat(wet.read()).isEqualTo(new TemperatureReading.Valid(-3.5));

        transmitter.setRaw(0, SimTemperatureTransmitter.SENSOR_FAULT);
        assertThat(dry.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class, i -> {
            assertThat(i.fault()).isEqualTo(TemperatureReading.SensorFault.OPEN);
            assertThat(i.detail()).contains("dry bulb", "unit 3 input register 0x0000", "0x8000");
        });
        transmitter.setCelsius(1, 150.0);
        assertThat(wet.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class, i -> {
            assertThat(i.fault()).isEqualTo(TemperatureReading.SensorFault.OUT_OF_RANGE);
            assertThat(i.detail()).contains("wet bulb", "unit 3 input register 0x0001", "150.0");
        });
        assertThat(channel("nobody", 9, 0).read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class, i -> {
            assertThat(i.fault()).isEqualTo(TemperatureReading.SensorFault.NO_RESPONSE);
            assertThat(i.detail()).contains("unit 9", "exception code 11");
        });
    }

    @Test
    void aBarnWiredEntirelyOverModbusFromItsConfig() {
        String yaml = """
                site: modbus-barn
                device: barn-02
                kind: curing-barn
                barn: {heater-stages: 2}
                io:
                  relay-board:
                    tcp: 127.0.0.1:%1$d
                    unit: 2
                    relays:
                      heater-1: {coil: 0}
                      heater-2: {coil: 1}
                      fan-run: {coil: 3}
                      fan-high: {coil: 4}
                      damper-open: {coil: 5}
                      damper-close: {coil: 6}
                    inputs:
                      airflow: {discrete-input: 0}
                      cutout: {discrete-input: 1}
                  modbus-probes:
                    dry-bulb: {tcp: 127.0.0.1:%1$d, unit: 3, register: 0}
                    wet-bulb: {tcp: 127.0.0.1:%1$d, unit: 3, register: 1, scale: 0.1, signed: true}
                  meter: {model: sdm630, tcp: 127.0.0.1:1}
                """.formatted(gateway.port());
        SiteConfig.Barn config = (SiteConfig.Barn) SiteConfig.from(ConfigNode.parse("modbus.yaml", yaml));
        transmitter.setCelsius(0, 40.2);
        transmitter.setCelsius(1, 36.0);
        board.setInput(0, true);
        try (ModbusLinks links = new ModbusLinks(clock)) {
            BarnIo io = BarnWiring.io(config, Optional.empty(), links, clock);
            BarnInputs in = io.read();
            assertThat(in.dryBulb()).isEqualTo(new TemperatureReading.Valid(40.2));
            assertThat(in.wetBulb()).isEqualTo(new TemperatureReading.Valid(36.0));
            assertThat(in.airflowProven()).isTrue();
            assertThat(in.cutoutTripped()).isFalse();

            io.write(new BarnOutputs(1, false, 0.0, FanSpeed.HIGH));
            assertThat(board.coil(0)).isTrue();
            assertThat(board.coil(1)).isFalse();
            assertThat(board.coil(3)).isTrue();
            assertThat(board.coil(4)).isTrue();
            assertThat(board.coil(6)).as("damper driven closed to learn its position").isTrue();
            io.write(new BarnOutputs(2, false, 0.0, FanSpeed.LOW));
            assertThat(board.coil(1)).isTrue();
            assertThat(board.coil(4)).isFalse();
        }
    }

    private ModbusTemperatureChannel channel(String name, int unit, int register) {
        return new ModbusTemperatureChannel(new ModbusTemperatureChannel.Channel(name, unit, RegisterKind.INPUT,
                register, 0.1, true, -40, 125), client);
    }
}
