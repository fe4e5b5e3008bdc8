package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading;
import io.edgetally.store.Database;
import io.edgetally.store.StoreException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CureStoreTest {

    private static final Instant T0 = Instant.parse("2026-07-01T06:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private CureStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("edgetally.db"));
        store = new CureStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aBatchRunsUntilCompleted() {
        long id = store.startBatch(new ScheduleLoader().builtIn("lower-leaf"), T0, OptionalDouble.of(3500),
                OptionalDouble.empty(), Optional.empty());
        assertThat(store.runningBatch()).hasValueSatisfying(b -> {
            assertThat(b.id()).isEqualTo(id);
            assertThat(b.scheduleId()).isEqualTo("lower-leaf");
        });
        store.completeBatch(id, T0.plus(Duration.ofHours(130)), OptionalDouble.of(560), OptionalDouble.of(4500));
        assertThat(store.runningBatch()).isEmpty();
        assertThatThrownBy(() -> store.completeBatch(id, T0, OptionalDouble.empty(), OptionalDouble.empty()))
                .isInstanceOf(StoreException.class).hasMessageContaining("not RUNNING");
    }

    @Test
    void alarmsAreMirroredOneActivePerCodeAndAcknowledged() {
        Alarm fan = new Alarm("barn.fan.no-airflow", Alarm.Severity.CRITICAL, "fan", T0);
        store.appendEvents(List.of(new CuringEvent.AlarmRaised(fan)));
        // a restarted controller raising the same alarm again does not duplicate it
        store.appendEvents(List.of(new CuringEvent.AlarmRaised(fan)));
        assertThat(store.activeAlarms()).containsExactly(fan);
        assertThat(store.acknowledgeAlarm("barn.fan.no-airflow", "li.wei", T0.plusSeconds(60))).isTrue();
        assertThat(store.acknowledgeAlarm("barn.nothing", "li.wei", T0)).isFalse();
        store.appendEvents(List.of(new CuringEvent.AlarmCleared("barn.fan.no-airflow", T0.plusSeconds(600))));
        assertThat(store.activeAlarms()).isEmpty();
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM events WHERE actor = 'li.wei' AND kind = 'alarm-acknowledged'"))
                .isEqualTo(1);
    }

    @Test
    void onBootStaleAlarmsAreClearedWithAReason() {
        store.appendEvents(List.of(new CuringEvent.AlarmRaised(
                new Alarm("barn.dry-bulb.fault", Alarm.Severity.CRITICAL, "probe", T0))));
        store.clearActiveAlarms(T0.plusSeconds(3600), "re-evaluated after restart");
        assertThat(store.activeAlarms()).isEmpty();
        assertThat(count("SELECT count(*) FROM events WHERE detail = 're-evaluated after restart'")).isEqualTo(1);
    }

    @Test
    void operatorActionsAreLoggedWithWho() {
        store.appendEvents(List.of(new CuringEvent.OperatorAction(T0, new OperatorCommand.Confirm("zhang"), true,
                "confirmed: veins yellow")));
        assertThat(count("SELECT count(*) FROM events WHERE actor = 'zhang' AND kind = 'operator-confirm'"))
                .isEqualTo(1);
    }

    @Test
    void samplesGoInOneTransactionAndAFaultedProbeIsNull() {
        long id = store.startBatch(new ScheduleLoader().builtIn("middle-leaf"), T0, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty());
        List<BarnSample> samples = List.of(
                new BarnSample(T0, 1, CurePhase.RAMP, OptionalDouble.of(30.1), OptionalDouble.of(28.0), OptionalDouble.of(30.2), OptionalDouble.of(28.1),
                        1, 0.1, FanSpeed.LOW, OptionalDouble.of(1200.25)),
                new BarnSample(T0.plusSeconds(60), 1, CurePhase.HOLD, OptionalDouble.empty(), OptionalDouble.of(28.1),
                        OptionalDouble.of(30.2), OptionalDouble.of(28.1), 0, 0.1, FanSpeed.LOW, OptionalDouble.empty()));
        store.appendSamples(id, samples);
        store.appendSamples(id, samples.subList(0, 1));
        assertThat(count("SELECT count(*) FROM barn_samples")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM barn_samples WHERE dry_c IS NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM barn_samples WHERE phase = 'HOLD'")).isEqualTo(1);
    }

    @Test
    void aSampleIsTakenFromTheDisplayState() {
        BarnScenario s = new BarnScenario(new ScheduleLoader().builtIn("middle-leaf"), CuringTuning.defaults(),
                Duration.ofSeconds(20));
        s.sensors = in -> new BarnInputs(in.at(), new TemperatureReading.Invalid(TemperatureReading.SensorFault.CRC,
                "crc"), in.wetBulb(), true, false);
        BarnSample b = BarnSample.of(s.cycle().state(), OptionalDouble.of(5.0));
        assertThat(b.dryCelsius()).isEmpty();
        assertThat(b.fan()).isEqualTo(FanSpeed.HIGH);
        assertThat(b.importKwh()).hasValue(5.0);
    }

    @Test
    void positionRoundTrips() {
        long id = store.startBatch(new ScheduleLoader().builtIn("middle-leaf"), T0, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty());
        CurePositionStore positions = new CurePositionStore(db);
        assertThat(positions.load(id)).isEmpty();
        CurePosition p = new CurePosition(4, CurePhase.AWAITING_CONFIRMATION, Duration.ofMillis(50_400_123),
                Duration.ofHours(70), Duration.ofHours(2), 47.0, 37.5, T0.plusSeconds(5),
                new CurePosition.Loops(0.4375, 0.125));
        positions.save(id, p);
        positions.save(id, p);
        assertThat(positions.load(id)).contains(p);
    }

    private long count(String sql) {
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
