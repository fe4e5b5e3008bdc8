package io.edgetally.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.Alarm;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * When an observed resource notifies: only when what it shows changed, not for the time the snapshot was taken.
 * The resource's notification number counts what Californium sends every observer.
 */
class SnapshotResourceTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-08-02T12:40:00Z"));
    private final AtomicReference<List<Alarm>> active = new AtomicReference<>(List.of());
    /** /alarms as the controller builds it (ImageStatusSource): stamped with the clock's time on every read */
    private final SnapshotResource alarms = new SnapshotResource(readable(CoapResources.ALARMS),
            () -> StatusJson.alarms(active.get(), Map.of(), clock.instant()), clock, Duration.ofSeconds(60));

    private static CoapResources.Readable readable(String path) {
        return CoapResources.readables(SiteKind.CURING_BARN).stream().filter(r -> r.path().equals(path))
                .findFirst().orElseThrow();
    }

    @Test
    void alarmsNotifyOnlyWhenTheAlarmsChangeNotEveryCycle() {
        alarms.prime();
        int before = alarms.getNotificationSequenceNumber();
        for (int cycle = 0; cycle < 5; cycle++) {
            clock.advance(Duration.ofSeconds(5));
            alarms.sourceChanged(Runnable::run);
        }
        assertThat(alarms.getNotificationSequenceNumber()).as("five cycles, nothing changed").isEqualTo(before);

        active.set(List.of(new Alarm("barn.fan.stopped", Alarm.Severity.CRITICAL, "fan stopped, heater off",
                clock.instant())));
        alarms.sourceChanged(Runnable::run);
        assertThat(alarms.getNotificationSequenceNumber()).as("the alarm raised").isEqualTo(before + 1);
        clock.advance(Duration.ofSeconds(5));
        alarms.sourceChanged(Runnable::run);
        assertThat(alarms.getNotificationSequenceNumber()).as("still the same alarm").isEqualTo(before + 1);

        clock.advance(Duration.ofSeconds(60));
        alarms.heartbeatCheck();
        assertThat(alarms.getNotificationSequenceNumber()).as("the heartbeat still comes").isEqualTo(before + 2);
    }
}
