package io.edgetally.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.verify.AuditResult;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.protocol.verify.LedgerAudit;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated cure booked into a real SQLite ledger, with a restart in the middle, audited like a registry would. */
class LedgerServiceTest {

    private static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    private static final MethodologyRegistry REGISTRY = MethodologyRegistry.builtIn();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);
    private final AtomicBoolean synced = new AtomicBoolean(false);
    private long registerCenti = 99_950_000_00L % 100_000_000L; // 999,500.00 kWh: rolls over during the cure
    /** The register one reading earlier: the newest reading is booked from only once the next one agrees. */
    private long previousRegisterCenti;

    private final LedgerConfig config = new LedgerConfig("jiange-01", "barn-07", SiteKind.CURING_BARN,
            MeterConfig.defaults(new BigDecimal("60")),
            new AccountingPlan(MethodologyChoice.of("sichuan-2023-thermal", "1"),
                    Optional.of(MethodologyChoice.of("curing-net", "1")), "CN-SC", 2022));

    private LedgerService open(Database db) {
        return new LedgerService(db, config, DeviceKeys.loadOrCreate(dir.resolve("keys/device.pem")), REGISTRY,
                synced::get, clock);
    }

    /** Runs the barn for {@code minutes}, one meter reading a minute at ~18 kW, every 97th read failing. */
    private List<TallyReport> run(LedgerService ledger, int minutes) {
        List<TallyReport> booked = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            clock.advance(Duration.ofMinutes(1));
            previousRegisterCenti = registerCenti;
            registerCenti = (registerCenti + 28 + (m % 5)) % 100_000_000L;
            MeterReading r = (m % 97 == 50)
                    ? new MeterReading.Failed("SDM630#1234", "no answer", clock.instant())
                    : new MeterReading.Ok("SDM630#1234", registerCenti / 100.0, 18_000, clock.instant());
            booked.addAll(ledger.onReading(r).reports());
            if (m == 60) {
                synced.set(true);
            }
        }
        return booked;
    }

    @Test
    void aCureWithARestartBooksAContiguousSignedChainThatVerifiesClean() {
        Path file = dir.resolve("edgetally.db");
        List<TallyReport> booked = new ArrayList<>();
        long firstRegister = registerCenti;
        try (Database db = Database.open(file)) {
            LedgerService ledger = open(db);
            booked.addAll(ledger.onReading(new MeterReading.Ok("SDM630#1234", registerCenti / 100.0, 0,
                    clock.instant())).reports());
            booked.addAll(run(ledger, 75 * 60 + 7)); // a 150-hour cure in two runs
        }
        long seqBeforeRestart = booked.getLast().seq();
        try (Database db = Database.open(file)) {
            LedgerService ledger = open(db);
            assertThat(ledger.ledger().lastSeq()).isEqualTo(seqBeforeRestart);
            booked.addAll(run(ledger, 75 * 60));
            BatchTally batch = ledger.closeBatch("cure-2026-07", START, Optional.of(new BigDecimal("400")));
            booked.addAll(ledger.ledger().payloads(booked.getLast().seq() + 1, 10).stream()
                    .map(TallyReportCodec::parse).toList());

            assertThat(booked).extracting(TallyReport::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, booked.size()).boxed()
                            .toList());
            assertThat(booked.get((int) seqBeforeRestart).body().prevHash()).isEqualTo(booked.get(
                    (int) seqBeforeRestart - 1).hash());
            BigDecimal metered = BigDecimal.valueOf(Math.floorMod(previousRegisterCenti - firstRegister,
                    100_000_000L), 2);
            BigDecimal bookedKwh = booked.stream().map(r -> r.body().energyKwh()).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            assertThat(bookedKwh).as("every kWh the register counted, once, across a restart and a rollover")
                    .isEqualByComparingTo(metered);
            assertThat(batch.rollup().totals().energyKwh()).isEqualByComparingTo(metered);
            assertThat(batch.curedLeafBaseline()).hasValueSatisfying(a ->
                    assertThat(a.displaced().get("rawCoalKg")).isEqualByComparingTo("360"));
            assertThat(booked.getFirst().body().clockSynced()).isFalse();
            assertThat(booked.getLast().body().clockSynced()).isTrue();

            var daily = ledger.daily(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 8), ZoneId.of("Asia/Shanghai"));
            assertThat(daily.stream().map(d -> d.totals().energyKwh()).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(metered);

            List<byte[]> export = ledger.ledger().payloads(1, 100_000);
            EnrolledDevice device = EnrolledDevice.of("jiange-01", "barn-07",
                    Ed25519Keys.toBase64(DeviceKeys.load(dir.resolve("keys/device.pem")).keyPair().getPublic()));
            AuditResult audit = LedgerAudit.verifyAll(export, List.of(device), REGISTRY,
                    LedgerAudit.Signatures.EVERY_RECORD);
            assertThat(audit.clean()).as(audit.rejected().toString()).isTrue();
            assertThat(audit.accepted()).isEqualTo(booked.size());
        }
    }

    @Test
    void aBatchCoversExactlyTheEnergyFromItsStartToItsEnd() {
        try (Database db = Database.open(dir.resolve("batch.db"))) {
            LedgerService ledger = open(db);
            ledger.onReading(new MeterReading.Ok("SDM630#1234", registerCenti / 100.0, 0, clock.instant()));
            run(ledger, 7);
            long atStart = previousRegisterCenti;
            Instant startedAt = ledger.startBatch();
            assertThat(startedAt).as("the last agreed reading").isEqualTo(START.plus(Duration.ofMinutes(6)));
            assertThat(ledger.ledger().lastSeq()).as("the minutes before the batch are booked apart").isEqualTo(1);
            run(ledger, 50);
            BatchTally batch = ledger.closeBatch("cure-1", startedAt, Optional.empty());
            assertThat(batch.rollup().firstSeq()).hasValue(2);
            assertThat(batch.rollup().totals().energyKwh())
                    .isEqualByComparingTo(BigDecimal.valueOf(previousRegisterCenti - atStart, 2));
            assertThat(batch.curedLeafBaseline()).isEmpty();
        }
    }

    @Test
    void aMethodologyForAnotherKindOfSiteIsRefusedAtStart() {
        LedgerConfig wrong = new LedgerConfig("yibin-03", "station-1", SiteKind.CURING_BARN,
                MeterConfig.defaults(new BigDecimal("2000")),
                AccountingPlan.of(MethodologyChoice.of("swap-diesel", "1"), "CN-SC", 2022));
        try (Database db = Database.open(dir.resolve("x.db"))) {
            assertThatThrownBy(() -> new LedgerService(db, wrong, DeviceKeys.loadOrCreate(dir.resolve("k.pem")),
                    REGISTRY, () -> true, clock))
                    .hasMessageContaining("swap-diesel@1 is for [swap-station], not for a curing-barn");
        }
    }
}
