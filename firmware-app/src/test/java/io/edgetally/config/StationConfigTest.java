package io.edgetally.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.station.control.StationControllerConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StationConfigTest {

    private static StationConfig parse(String yaml) {
        return StationConfig.from(ConfigNode.parse("edgetally.yaml", yaml).optionalSection("station"));
    }

    @Test
    void absentSectionIsTheYibinSizedDefault() {
        StationConfig c = StationConfig.from(Optional.empty());
        StationControllerConfig d = StationControllerConfig.defaults();
        assertThat(c.slots()).isEqualTo(8);
        assertThat(StationControllerConfig.forStation(c)).isEqualTo(d);
    }

    @Test
    void aBiggerStationScalesItsCapAndArrivalsUnlessGiven() {
        StationConfig c = parse("""
                station:
                  slots: 16
                  pack-kwh: 141
                  slot-kw: 150
                  swap-soc: 0.9
                """);
        StationControllerConfig cc = StationControllerConfig.forStation(c);
        assertThat(cc.stationCapKw()).isEqualTo(2400);
        assertThat(cc.arrivals().arrivalsPerDay()).isCloseTo(106, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cc.packCapacityKwh()).isEqualTo(141);
        assertThat(cc.chargerMaxKw()).isEqualTo(150);
        assertThat(cc.readySoc()).isEqualTo(0.9);
        assertThat(cc.targetSoc()).isEqualTo(0.9);
        assertThat(StationControllerConfig.forStation(parse("station:\n  grid-cap-kw: 900\n")).stationCapKw())
                .isEqualTo(900);
    }

    @Test
    void mistakesNameTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> parse("station:\n  slots: 8\n  packs: 10\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("packs").hasMessageContaining("slots (8)");
        assertThatThrownBy(() -> parse("station:\n  tariff: beijing\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tariff")
                .hasMessageContaining("sichuan-like");
        assertThatThrownBy(() -> parse("station:\n  grid-cap: 900\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grid-cap");
        assertThatThrownBy(() -> parse("station:\n  swap-soc: 1.5\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("swap-soc");
    }

    @Test
    void thePlcSectionNamesTheLinkAndHowCloselyItIsWatched() {
        StationConfig tcp = parse("station:\n  plc: {tcp: 10.0.0.30, unit: 3}\n");
        StationConfig.PlcConfig p = tcp.plc().orElseThrow();
        assertThat(p.link()).isEqualTo(new IoConfig.MeterLink.Tcp("10.0.0.30", 502));
        assertThat(p.unitId()).isEqualTo(3);
        assertThat(p.heartbeatTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(p.setpointTimeout()).isEmpty();
        StationConfig rtu = parse("""
                station:
                  plc:
                    rtu: {port: /dev/ttyUSB1, baud: 19200}
                    heartbeat-timeout: 5s
                    setpoint-timeout: 30s
                """);
        assertThat(rtu.plc().orElseThrow().link()).isInstanceOf(IoConfig.MeterLink.Rtu.class);
        assertThat(rtu.plc().orElseThrow().setpointTimeout()).contains(java.time.Duration.ofSeconds(30));
        assertThat(parse("station:\n  slots: 8\n").plc()).isEmpty();
        assertThatThrownBy(() -> parse("station:\n  slots: 8\n").requirePlc("/etc/edgetally/edgetally.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/etc/edgetally/edgetally.yaml: 'station.plc' is missing");
        assertThatThrownBy(() -> parse("station:\n  plc: {unit: 1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tcp: host:port");
        assertThatThrownBy(() -> parse("station:\n  plc: {tcp: 10.0.0.30:502, unit: 300}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unit").hasMessageContaining("247");
    }
    @Test
    void theEtaSectionNamesTheFeedAndHowLongItIsTrusted() {
        StationConfig c = parse("""
                station:
                  eta:
                    topic: fleet/yibin-4/eta
                    broker: tcp://10.0.0.5:1883
                    stale-after: 5m
                """);
        StationConfig.EtaConfig e = c.eta().orElseThrow();
        assertThat(e.topic()).isEqualTo("fleet/yibin-4/eta");
        assertThat(e.broker()).contains(java.net.URI.create("tcp://10.0.0.5:1883"));
        assertThat(e.staleAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(e.distrustFor()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(parse("station:\n  eta: {topic: a/b}\n").eta().orElseThrow().broker()).isEmpty();
        assertThat(parse("station:\n  slots: 8\n").eta()).isEmpty();
    }

    @Test
    void aWrongEtaSectionIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> parse("station:\n  eta: {topic: fleet/+/eta}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic").hasMessageContaining("wildcards");
        assertThatThrownBy(() -> parse("station:\n  eta: {topic: a/b, broker: http://x:80}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("broker")
                .hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> parse("station:\n  eta: {broker: tcp://x:1883}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> parse("station:\n  eta: {topic: a/b, stale-after: 5s}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("stale-after");
        assertThatThrownBy(() -> parse("station:\n  eta: {topic: a/b, horizon: 1h}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("horizon");
    }
}
