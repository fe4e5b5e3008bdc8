package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.app.StationService;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.SiteConfig;
import io.edgetally.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulated station, driven by the station service from the config it prints. */
class StandaloneStationTest {

    @TempDir
    Path dir;

    @Test
    void theServiceRunsTheStationFromThePrintedConfig() {
        Instant start = Instant.parse("2026-07-15T02:00:00Z");
        ManualClock clock = new ManualClock(start);
        try (StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 2, 3), start)) {
            sim.model().setPackSoc(2, 0.5);
            // the printed config binds CoAP to its standard ports; a test takes free ones
            String yaml = sim.configYaml(dir.resolve("controller").toString())
                    .replace("port: 5683, dtls-port: 5684", "port: 0, dtls-port: 0");
            SiteConfig config = SiteConfig.from(ConfigNode.parse("printed.yaml", yaml));
            assertThat(config.station().orElseThrow().plc()).isPresent();
            try (StationService service = StationService.start(config, Path.of("printed.yaml"), clock)) {
                for (int i = 0; i < 30; i++) {
                    service.cycle();
                    sim.advance(Duration.ofSeconds(10));
                    clock.advance(Duration.ofSeconds(10));
                }
                assertThat(service.site().ioAlarms()).isEmpty();
                assertThat(sim.rig().plc().setpointKw(2)).isPositive();
                assertThat(sim.model().soc(2)).isGreaterThan(0.5);
                assertThat(sim.statusLine()).contains("kW").contains("served");
            }
        }
    }
}
