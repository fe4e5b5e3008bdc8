package io.edgetally.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.SiteKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The templates the package installs (/etc/edgetally/edgetally.yaml starts as barn.yaml) are read by the same
 * parser as the service: an installer who only changes the values marked CHANGE gets a config that loads.
 */
class ShippedConfigTemplatesTest {

    private static final Path EXAMPLES = Path.of("..", "deploy-scripts", "examples");

    /** The service's watchdog must see at least two cycles per period, or a healthy service gets restarted. */
    private static Duration unitWatchdog() throws IOException {
        String seconds = Files.readAllLines(Path.of("..", "deploy-scripts", "edgetally.service")).stream()
                .filter(l -> l.startsWith("WatchdogSec="))
                .map(l -> l.substring("WatchdogSec=".length()).replaceFirst("s$", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("edgetally.service has no WatchdogSec= line"));
        return Duration.ofSeconds(Long.parseLong(seconds));
    }

    @Test
    void theBarnTemplateLoadsAsACuringBarnWithItsSafetyInputs() throws IOException {
        SiteConfig c = SiteConfig.load(EXAMPLES.resolve("barn.yaml"));

        assertThat(c.kind()).isEqualTo(SiteKind.CURING_BARN);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/edgetally"));
        assertThat(((SiteConfig.Barn) c).barn().heaterStages()).isEqualTo(3);
        assertThat(c.io().gpio().relays()).containsKeys("heater-1", "heater-2", "heater-3", "fan-run", "fan-high",
                "damper-open", "damper-close");
        assertThat(c.io().gpio().inputs()).containsKeys("airflow", "cutout");
        // GPIO4 carries the 1-Wire bus (dtoverlay=w1-gpio): no relay or input may take it
        assertThat(c.io().gpio().relays().values()).noneMatch(p -> p.bcm() == 4);
        assertThat(c.io().gpio().inputs().values()).noneMatch(p -> p.bcm() == 4);
        assertThat(c.io().oneWire().probes()).containsKeys("dry-bulb", "wet-bulb");
        assertThat(c.coap().pskSecretFile()).contains(Path.of("/etc/edgetally/coap.psk"));
        assertThat(c.cycle().multipliedBy(2)).isLessThan(unitWatchdog());
    }

    @Test
    void theStationTemplateLoadsAsASwapStationWithItsMeters() throws IOException {
        SiteConfig c = SiteConfig.load(EXAMPLES.resolve("station.yaml"));

        assertThat(c.kind()).isEqualTo(SiteKind.SWAP_STATION);
        assertThat(c).isInstanceOf(SiteConfig.Station.class);
        assertThat(c.io().meters()).extracting(IoConfig.MeterConfig::name).containsExactly("grid", "charger-0-dc",
                "charger-1-dc", "charger-2-dc", "charger-3-dc", "charger-4-dc", "charger-5-dc", "charger-6-dc",
                "charger-7-dc");
        assertThat(((SiteConfig.Station) c).station().slots()).isEqualTo(c.io().meters().size() - 1);
        assertThat(((SiteConfig.Station) c).station().plc()).get().extracting(p -> p.unitId()).isEqualTo(1);
        assertThat(c.io().gpio().relays().values()).noneMatch(p -> p.bcm() == 4);
        assertThat(c.cycle().multipliedBy(2)).isLessThan(unitWatchdog());
    }

    /** What {@code edgetally-provision --registry-key KEY} does to the commented line under {@code uplink:}. */
    @Test
    void eachTemplatesRegistryKeyLineOnceProvisionedLoadsUnderUplink() throws IOException {
        for (String template : new String[] {"barn.yaml", "station.yaml"}) {
            String text = Files.readString(EXAMPLES.resolve(template));
            assertThat(SiteConfig.from(ConfigNode.parse(template, text)).uplink().orElseThrow().registryKeys())
                    .as("shipped: acks not authenticated until the key is provisioned").isEmpty();
            String provisioned = text.replaceFirst("(?m)^  #? ?registry-key:[ \\t]*[^ \\t#\\n]*",
                    "  registry-key: pInugo3QyFWreeKttLfhh38qAT+6GFAKsoxhyawxPac=");
            assertThat(provisioned).as(template + " has the line to set").isNotEqualTo(text);
            assertThat(SiteConfig.from(ConfigNode.parse(template, provisioned)).uplink().orElseThrow().registryKeys())
                    .as(template).containsExactly("pInugo3QyFWreeKttLfhh38qAT+6GFAKsoxhyawxPac=");
        }
    }
}
