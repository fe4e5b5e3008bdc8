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
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import io.edgetally.config.ExampleConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgetally keys init|show}: what an installer copies into the registry's enrolment. */
class KeysCommandTest {

    /** A barn's config as an installer writes it (the data folder replaced by the test's). */
    private static final String BARN = ExampleConfigs.BARN;

    @TempDir
    Path dir;

    private final CommandLine cli = new CommandLine();

    private int keys(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
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
