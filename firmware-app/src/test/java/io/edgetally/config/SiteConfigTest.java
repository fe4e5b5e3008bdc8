package io.edgetally.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.io.meter.MeterModels;
import io.edgetally.protocol.SiteKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SiteConfigTest {

    static final String BARN = ExampleConfigs.BARN;

    @Test
    void readsACompleteBarnConfig() {
        SiteConfig c = SiteConfig.from(ConfigNode.parse("edgetally.yaml", BARN));
        assertThat(c.site()).isEqualTo("jiange-07");
        assertThat(c.kind()).isEqualTo(SiteKind.CURING_BARN);
        assertThat(c.cycle()).isEqualTo(Duration.ofSeconds(15));
        assertThat(((SiteConfig.Barn) c).barn().heaterStages()).isEqualTo(3);
        assertThat(c.io().gpio().relays()).containsKeys("heater-1", "heater-2", "fan-run");
        assertThat(c.io().gpio().relays().get("heater-1").activeLow()).isTrue();
        assertThat(c.io().oneWire().probes()).containsEntry("dry-bulb", "28-0316a2790dff");
        assertThat(c.io().meters().get(0).link()).isEqualTo(new IoConfig.MeterLink.Tcp("192.168.1.50", 502));
        assertThat(c.ledger().sensitivity()).contains("curing-net");
        assertThat(c.uplink().orElseThrow().caFile()).isPresent();
        assertThat(c.coap().port()).isEqualTo(5683);
    }

    private static void rejects(String from, String to, String message) {
        String yaml = BARN.replace(from, to);
        assertThat(yaml).as("test edit applies").isNotEqualTo(BARN);
        assertThatThrownBy(() -> SiteConfig.from(ConfigNode.parse("edgetally.yaml", yaml)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyMistakeIsNamedWithItsLine() {
        rejects("kind: curing-barn", "kind: kiln", "line 3: 'kind' must be one of [curing-barn, swap-station], found 'kiln'");
        rejects("site: jiange-07", "site: Jiange 07", "line 1: 'site' must be lower-case letters");
        rejects("{pin: 6, active-low: true}", "{pin: 5, active-low: true}", "GPIO5 is already 'heater-1'");
        rejects("{pin: 13}", "{pin: 40}", "'io.gpio.relays.fan-run.pin' must be a whole number from 0 to 27, found '40'");
        rejects("28-0316a2791aaa", "28-xyz", "'io.onewire.wet-bulb' must be a 1-Wire device id");
        rejects("    tcp: 192.168.1.50:502\n", "    tcp: 192.168.1.50:502\n    rtu: {port: /dev/ttyUSB0}\n",
                "exactly one of 'tcp");
        rejects("interval: 15m", "interval: 7m", "'ledger.interval' must be a duration that divides a day evenly");
        rejects("broker: ssl://registry.example:8883", "broker: registry.example", "'uplink.broker' must be a URL");
        rejects("  ca: /etc/edgetally/ca.pem\n", "", "'uplink.ca' must be the registry's CA certificate");
        rejects("heater-stage-kw: 18", "heater-stage-kw: 18\n  heater-stagez: 3", "unknown key 'barn.heater-stagez'");
        rejects("site: jiange-07\n", "", "missing key 'site'");
        rejects("model: sdm630", "model: sdm72", "'io.meter.model' must be one of [sdm630, sdm120, ddsu666, "
                + "dtsu666, djsf1352, s0], found 'sdm72'");
    }

    @Test
    void theRegistrysKeyIsReadUnderUplinkAndABadOneIsNamed() {
        String key = "pInugo3QyFWreeKttLfhh38qAT+6GFAKsoxhyawxPac=";
        String yaml = BARN.replace("  key: /etc/edgetally/device.key\n",
                "  key: /etc/edgetally/device.key\n  registry-key: " + key + "\n");
        assertThat(SiteConfig.from(ConfigNode.parse("edgetally.yaml", yaml)).uplink().orElseThrow().registryKeys())
                .containsExactly(key);
        assertThat(SiteConfig.from(ConfigNode.parse("edgetally.yaml", BARN)).uplink().orElseThrow().registryKeys())
                .as("an older install: acks not authenticated").isEmpty();
        rejects("  key: /etc/edgetally/device.key\n", "  key: /etc/edgetally/device.key\n  registry-key: abc\n",
                "'uplink.registry-key' must be the registry's Ed25519 public key in base64");
    }

    @Test
    void aDcMeterModelIsAcceptedAndGetsItsRegisterMap() {
        SiteConfig c = SiteConfig.from(ConfigNode.parse("edgetally.yaml", BARN.replace("model: sdm630",
                "model: djsf1352")));
        assertThat(c.io().meters().get(0).model()).isEqualTo("djsf1352");
        assertThat(MeterModels.registerMap("djsf1352").orElseThrow().model())
                .isEqualTo("DJSF1352");
        assertThat(MeterModels.registerMap("s0")).isEmpty();
    }
}
