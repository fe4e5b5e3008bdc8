package io.edgetally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.store.Database;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.LedgerConfig;
import io.edgetally.tally.LedgerService;
import io.edgetally.tally.MeterConfig;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgetally keys init|show}: what an installer copies into the registry's enrolment. */
class KeysCommandTest {

    /** A barn's config as an installer writes it (the data folder replaced by the test's). */
    private static final String BARN = """
            site: jiange-07
            device: barn-07
            kind: curing-barn
            data-dir: /var/lib/edgetally
            cycle: 15s
            barn:
              schedule: middle-leaf
              heating: resistive
              heater-stage-kw: 18
            io:
              gpio:
                provider: gpiod
                relays:
                  heater-1: {pin: 5, active-low: true}
                  heater-2: {pin: 6, active-low: true}
                  fan-run: {pin: 13}
                inputs:
                  airflow: {pin: 17, active-low: true}
              onewire:
                base-path: /sys/bus/w1/devices
                dry-bulb: 28-0316a2790dff
                wet-bulb: 28-0316a2791aaa
              meter:
                model: sdm630
                tcp: 192.168.1.50:502
                unit: 1
                max-power-kw: 80
            ledger:
              methodology: sichuan-2023-thermal
              sensitivity: curing-net
              interval: 15m
            uplink:
              broker: ssl://registry.example:8883
              ca: /etc/edgetally/ca.pem
              cert: /etc/edgetally/device.pem
              key: /etc/edgetally/device.key
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int keys(String... args) {
        out.reset();
        err.reset();
        return Main.cli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDataFolderAloneNeverPrintsAPlaceholderForTheDevice() {
        Path data = dir.resolve("data");
        assertThat(keys("keys", "init", "--data-dir", data.toString())).as(err()).isZero();
        String key = DeviceKeys.load(DeviceKeys.fileIn(data)).publicKeyBase64();
        assertThat(out()).doesNotContain("SITE", "DEVICE").startsWith("ed25519 public key " + key + "\n");
        assertThat(err()).contains("created device key", "give --config FILE to print the 'device' line too");

        assertThat(keys("keys", "show", "--data-dir", data.toString())).as(err()).isZero();
        assertThat(out()).doesNotContain("SITE", "DEVICE").startsWith("ed25519 public key " + key + "\n")
                .contains("key id ");
    }

    @Test
    void aDataFolderWithALedgerNamesTheDeviceItsRecordsAreFor() {
        Path data = dir.resolve("data");
        DeviceKeys keys = DeviceKeys.loadOrCreate(DeviceKeys.fileIn(data));
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T00:00:00Z"));
        LedgerConfig config = new LedgerConfig("jiange-01", "barn-07", SiteKind.SWAP_STATION,
                MeterConfig.defaults(new BigDecimal("2400")),
                AccountingPlan.of(new MethodologyChoice("swap-diesel", "1", Map.of("chargeEfficiency",
                        new BigDecimal("0.93"))), "CN-SC", 2022));
        try (Database db = Database.open(data.resolve("edgetally.db"))) {
            LedgerService ledger = new LedgerService(db, config, keys, MethodologyRegistry.builtIn(), () -> true,
                    clock);
            for (int m = 0; m <= 20; m += 5) {
                ledger.onReading(new MeterReading.Ok("SDM630#9", 100 + m, 10_000, clock.instant()));
                clock.advance(Duration.ofMinutes(5));
            }
        }

        assertThat(keys("keys", "show", "--data-dir", data.toString())).as(err()).isZero();
        assertThat(out()).isEqualTo("device jiange-01/barn-07\ned25519 public key " + keys.publicKeyBase64()
                + "\nkey id " + keys.keyId() + "\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void theConfigNamesTheDevice() throws Exception {
        Path config = dir.resolve("edgetally.yaml");
        Files.writeString(config, BARN.replace("/var/lib/edgetally",
                dir.resolve("data").toString()));
        assertThat(keys("keys", "init", "--config", config.toString())).as(err()).isZero();
        assertThat(out()).startsWith("device jiange-07/barn-07\ned25519 public key ");
    }
}
