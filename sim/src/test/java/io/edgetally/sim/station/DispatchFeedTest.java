package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.eta.EtaSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchFeedTest {

    private static final Instant T0 = Instant.parse("2026-06-01T01:00:00Z");

    private static TruckArrival truck(String id, int minute) {
        return new TruckArrival(T0.plus(Duration.ofMinutes(minute)), id, 0.2);
    }

    @Test
    void aSnapshotListsTheTrucksDueWithinTheNoticeAndPromisesThatMuch() {
        DispatchFeed feed = new DispatchFeed(List.of(truck("T1", 10), truck("T2", 50), truck("T3", 70)),
                Duration.ofHours(1), Duration.ZERO, 1);

        EtaSnapshot s = feed.snapshotAt(T0);

        assertThat(s.trucks()).extracting(EtaSnapshot.TruckEta::truckId).containsExactly("T1", "T2");
        assertThat(s.completeUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(feed.snapshotAt(T0.plus(Duration.ofMinutes(15))).trucks())
                .extracting(EtaSnapshot.TruckEta::truckId).containsExactly("T2", "T3");
    }

    @Test
    void anEtaErrorShrinksToNothingAsTheTruckArrives() {
        DispatchFeed feed = new DispatchFeed(List.of(truck("T1", 60)), Duration.ofHours(1), Duration.ofMinutes(5), 3);

        double farOff = Math.abs(Duration.between(truck("T1", 60).at(),
                feed.snapshotAt(T0).trucks().getFirst().eta()).toSeconds());
        double close = Math.abs(Duration.between(truck("T1", 60).at(),
                feed.snapshotAt(T0.plus(Duration.ofMinutes(57))).trucks().getFirst().eta()).toSeconds());

        assertThat(farOff).isGreaterThan(0);
        assertThat(close).isLessThanOrEqualTo(farOff * 0.05 + 1);
    }

    @Test
    void aTruckComingTwiceWithinTheNoticeEndsThePromiseAtItsSecondVisit() {
        DispatchFeed feed = new DispatchFeed(List.of(truck("T1", 10), truck("T1", 40), truck("T2", 50)),
                Duration.ofHours(1), Duration.ZERO, 1);

        EtaSnapshot s = feed.snapshotAt(T0);

        assertThat(s.trucks()).extracting(EtaSnapshot.TruckEta::truckId).containsExactly("T1");
        assertThat(s.completeUntil()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
    }
}
