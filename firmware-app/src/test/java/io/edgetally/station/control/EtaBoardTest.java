package io.edgetally.station.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.eta.EtaSnapshot.TruckEta;
import io.edgetally.protocol.eta.EtaSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtaBoardTest {

    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private final EtaBoard board = new EtaBoard(Duration.ofMinutes(3), Duration.ofHours(2));

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static EtaSnapshot snapshot(int sentMinute, int completeMinutes, TruckEta... trucks) {
        return new EtaSnapshot(at(sentMinute), at(sentMinute + completeMinutes), List.of(trucks));
    }

    @Test
    void aFreshSnapshotIsTrustedUpToItsPromise() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(20)), new TruckEta("T2", at(45))), at(0));

        assertThat(board.completeUntil(at(1))).isEqualTo(at(60));
        assertThat(board.between(at(1), at(60))).containsExactly(at(20), at(45));
        assertThat(board.between(at(1), at(30))).containsExactly(at(20));
        assertThat(board.problem(at(1))).isEmpty();
    }

    @Test
    void withoutSnapshotsOrWhenTheyStopTheControllerPlansFromItsForecastAndSaysWhy() {
        assertThat(board.completeUntil(at(0))).isEqualTo(at(0));
        assertThat(board.problem(at(0))).get().asString().contains("no ETA snapshot received yet");

        board.accept(snapshot(0, 60, new TruckEta("T1", at(20))), at(0));
        assertThat(board.completeUntil(at(3))).isEqualTo(at(60));

        assertThat(board.completeUntil(at(4))).isEqualTo(at(4));
        assertThat(board.problem(at(4))).get().asString().contains("no ETA snapshot since").contains("dispatch feed");

        board.accept(snapshot(5, 60), at(5));
        assertThat(board.problem(at(5))).isEmpty();
    }

    @Test
    void aTruckLateOnItsEtaIsStillExpectedNow() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(10))), at(0));

        assertThat(board.between(at(14), at(60))).containsExactly(at(14));
    }

    @Test
    void aTruckThatArrivedIsNotExpectedAgainFromAnOlderListing() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(10)), new TruckEta("T2", at(30))), at(0));

        board.arrived("T1", at(9));

        assertThat(board.between(at(12), at(60))).containsExactly(at(30));
        assertThat(board.problem(at(2))).as("an announced truck is no broken promise").isEmpty();
        // a later snapshot listing it again is a new trip, and counts
        board.accept(snapshot(40, 60, new TruckEta("T1", at(95))), at(40));
        assertThat(board.between(at(40), at(100))).containsExactly(at(95));
    }

    @Test
    void aTruckArrivingUnannouncedInsideThePromiseWithdrawsTrustForAWhile() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(20))), at(0));

        board.arrived("T9", at(2));

        assertThat(board.completeUntil(at(3))).isEqualTo(at(3));
        assertThat(board.problem(at(3))).get().asString().contains("truck T9").contains("unannounced");
        board.accept(snapshot(100, 60), at(100));
        assertThat(board.completeUntil(at(100))).as("still within two hours of the gap").isEqualTo(at(100));
        board.accept(snapshot(122, 60), at(122));
        assertThat(board.completeUntil(at(122))).isEqualTo(at(182));
        assertThat(board.problem(at(122))).isEmpty();
    }

    @Test
    void aTruckArrivingBeyondThePromiseOrWhileTheFeedWasSilentIsNoBrokenPromise() {
        board.accept(snapshot(0, 30, new TruckEta("T1", at(20))), at(0));

        board.arrived("T9", at(31)); // after complete-until: the feed never claimed it
        assertThat(board.completeUntil(at(1))).isEqualTo(at(30));

        board.accept(snapshot(40, 30), at(40));
        board.arrived("T8", at(50)); // the feed went silent at 43: nothing promised at 50
        board.accept(snapshot(51, 30), at(51));
        assertThat(board.problem(at(51))).isEmpty();
    }

    @Test
    void aSecondVisitOfTheSameTruckMustBeAnnouncedAgain() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(10))), at(0));
        board.arrived("T1", at(10));
        board.accept(snapshot(38, 60), at(38)); // T1 not listed for a second trip

        board.arrived("T1", at(40));

        assertThat(board.problem(at(41))).get().asString().contains("truck T1").contains("unannounced");
    }
    @Test
    void aLeftoverSnapshotOrOneFromAClockFarAheadIsNotTrusted() {
        board.accept(snapshot(0, 60, new TruckEta("T1", at(20))), at(10)); // retained, sent ten minutes ago

        assertThat(board.completeUntil(at(10))).isEqualTo(at(10));
        assertThat(board.problem(at(10))).get().asString().contains("too long ago");

        board.accept(snapshot(20, 60), at(10)); // the platform's clock is ten minutes ahead
        assertThat(board.problem(at(10))).get().asString().contains("check both clocks");

        board.accept(snapshot(11, 60), at(12)); // a minute old: fine
        assertThat(board.problem(at(12))).isEmpty();
        assertThat(board.completeUntil(at(12))).isEqualTo(at(71));
    }
}
