package io.edgetally.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.StateBirth;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.HeadlessChromium;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page in a real headless Chromium, as a field technician sees it: a device online with its verified
 * reports and the tail it announced, then going offline (its MQTT Will), and an alarm raised and cleared.
 */
class FleetPageBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aTechnicianSeesOfflineAndAnAlarmRaisedAndCleared() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "Debian chromium and chromium-driver are not installed");
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), TestPostgres.shared(), "registry-page", null);
            TestDevice barn = new TestDevice("jiange-01", "barn-07");
            f.enrol(barn);
            DeviceTopics topics = new DeviceTopics(barn.site, barn.device);
            List<TallyReport> chain = barn.chain(8);
            try (RegistryService registry = f.start(); HeadlessChromium browser = new HeadlessChromium(dir)) {
                DeviceLink device = new DeviceLink(broker.uri(), "barn-07", topics);
                for (int i = 0; i < 6; i++) {
                    device.report(barn.site, barn.device, TestDevice.bytes(chain.get(i)));
                }
                StateBirth birth = StateBirth.sign(barn.site, barn.device, 8, chain.get(7).hash(), Instant.now(),
                        barn.signer.key());
                device.publish(topics.topic(TopicKind.STATE), birth.encode(), 1, true);
                browser.open("http://127.0.0.1:" + registry.httpPort() + "/");
                String row = "device-jiange-01-barn-07";
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.textOf(row).contains("online")
                        && browser.textOf(row).contains("seq 6"));
                assertThat(browser.textOf(row)).contains("2 (device announced seq 8)").contains("TAIL_MISSING");

                device.publish(topics.topic(TopicKind.ALARM), bytes(alarm("OVER_TEMPERATURE", "raised")
                        .put("severity", "CRITICAL").put("message", "dry bulb 78.5 C above the 75 C limit").build()),
                        1, false);
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.textOf(row)
                        .contains("OVER_TEMPERATURE: dry bulb 78.5 C above the 75 C limit"));

                device.publish(topics.topic(TopicKind.ALARM), bytes(alarm("OVER_TEMPERATURE", "cleared").build()), 1,
                        false);
                await().atMost(Duration.ofSeconds(30)).until(() -> !browser.textOf(row).contains("OVER_TEMPERATURE"));

                device.report(barn.site, barn.device, TestDevice.bytes(chain.get(6)));
                device.report(barn.site, barn.device, TestDevice.bytes(chain.get(7)));
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.textOf(row).contains("seq 8")
                        && !browser.textOf(row).contains("TAIL_MISSING"));

                device.vanish(); // no DISCONNECT: the broker publishes the Will, 'offline'
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.textOf(row).contains("offline"));
                assertThat(browser.text()).contains("edgetally registry: every enrolled device");
            }
        }
    }

    private static int at;

    private static JsonObjectBuilder alarm(String code, String event) {
        return JsonObject.builder().put("site", "jiange-01").put("device", "barn-07")
                .put("at", Instant.parse("2026-07-14T06:00:00Z").plusSeconds(++at).toString())
                .put("event", event).put("code", code);
    }

    private static byte[] bytes(JsonObject o) {
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }
}
