package io.edgetally.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The io section's Modbus parts: transmitter probes and a relay board, with errors naming file and line. */
class SiteConfigModbusIoTest {

    private static final String HEAD = """
            site: s
            device: d
            kind: curing-barn
            barn: {heater-stages: 1}
            io:
              meter: {model: sdm630, tcp: 127.0.0.1:1502}
            """;

    private static SiteConfig parse(String io) {
        return SiteConfig.from(ConfigNode.parse("site.yaml", HEAD + io));
    }

    @Test
    void readsProbesAndABoard() {
        SiteConfig c = parse("""
                  relay-board:
                    rtu: {port: /dev/ttyUSB0, baud: 19200, parity: even}
                    unit: 4
                    relays: {heater-1: {coil: 0}, fan-run: {coil: 1}}
                    inputs: {airflow: {discrete-input: 2}}
                  modbus-probes:
                    dry-bulb: {tcp: 10.0.0.9:502, unit: 7, register: 256, kind: holding, scale: 0.01, signed: false}
                """);
        IoConfig.RelayBoardConfig b = c.io().relayBoard().orElseThrow();
        assertThat(b.link()).isEqualTo(new IoConfig.MeterLink.Rtu("/dev/ttyUSB0", 19200, "even", 8, 1));
        assertThat(b.unitId()).isEqualTo(4);
        assertThat(b.relayCoils()).containsEntry("heater-1", 0).containsEntry("fan-run", 1);
        assertThat(b.inputs()).containsEntry("airflow", 2);
        assertThat(c.io().gpio().relays()).isEmpty();
        IoConfig.ModbusProbeConfig p = c.io().modbusProbes().get("dry-bulb");
        assertThat(p).isEqualTo(new IoConfig.ModbusProbeConfig("dry-bulb", new IoConfig.MeterLink.Tcp("10.0.0.9",
                502), 7, 256, true, 0.01, false, -40, 125));
    }

    @Test
    void aRelayInTwoPlacesIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                  gpio:
                    relays: {heater-1: {pin: 5}}
                  relay-board:
                    tcp: 127.0.0.1:1502
                    relays:
                      heater-1: {coil: 0}
                """)).hasMessageContaining("site.yaml line 12").hasMessageContaining("io.relay-board.relays.heater-1")
                .hasMessageContaining("also under io.gpio");
    }

    @Test
    void twoRelaysOnOneCoilAreRefused() {
        assertThatThrownBy(() -> parse("""
                  relay-board:
                    tcp: 127.0.0.1:1502
                    relays:
                      heater-1: {coil: 3}
                      fan-run: {coil: 3}
                """)).hasMessageContaining("line 11").hasMessageContaining("coil")
                .hasMessageContaining("already 'heater-1'");
    }

    @Test
    void aProbeInBothPlacesOrWithABadKindIsRefused() {
        assertThatThrownBy(() -> parse("""
                  gpio: {relays: {heater-1: {pin: 5}}}
                  onewire: {dry-bulb: 28-0316a2790dff}
                  modbus-probes:
                    dry-bulb: {tcp: 127.0.0.1:1502, register: 0}
                """)).hasMessageContaining("line 10").hasMessageContaining("also under io.onewire");
        assertThatThrownBy(() -> parse("""
                  gpio: {relays: {heater-1: {pin: 5}}}
                  modbus-probes:
                    dry-bulb: {tcp: 127.0.0.1:1502, register: 0, kind: coil}
                """)).hasMessageContaining("io.modbus-probes.dry-bulb.kind").hasMessageContaining("input (function 04)");
    }

    @Test
    void relaysNeedGpioOrABoard() {
        assertThatThrownBy(() -> parse("  onewire: {dry-bulb: 28-0316a2790dff}\n"))
                .hasMessageContaining("'gpio' section or a 'relay-board' section");
    }
}
