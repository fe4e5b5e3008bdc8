package io.edgetally.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one alarm book of a site: what a cycle's drain hands to the registry. */
class AlarmBookTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-10T04:00:00Z"));
    private final AlarmBook book = new AlarmBook();
    private final List<AlarmEvent> sent = new ArrayList<>();

    /** What the site does after each cycle: every change to the sink. */
    private void afterCycle() {
        sent.addAll(book.drainChanges());
    }

    @Test
    void eachAlarmIsSentOnceWhenRaisedAndOnceWhenCleared() {
        Alarm hot = book.raise("station.pack.2.hot", Alarm.Severity.CRITICAL, "pack S02 at 57.0 °C", clock.instant())
                .orElseThrow();
        afterCycle();
        clock.advance(Duration.ofMinutes(1));
        assertThat(book.raise("station.pack.2.hot", Alarm.Severity.CRITICAL, "pack S02 at 57.0 °C", clock.instant()))
                .as("still active: not raised again").isEmpty();
        afterCycle();

        assertThat(sent).containsExactly(new AlarmEvent.Raised(hot, hot.raisedAt()));

        clock.advance(Duration.ofMinutes(1));
        book.clear("station.pack.2.hot", clock.instant());
        afterCycle();
        afterCycle();

        assertThat(sent).hasSize(2).last().isEqualTo(new AlarmEvent.Cleared("station.pack.2.hot", clock.instant()));
    }

    @Test
    void anAlarmClearedAndRaisedAgainBetweenTwoCyclesIsSentAsBoth() {
        Alarm first = book.raise("barn.meter.unreadable", Alarm.Severity.WARNING, "meter silent", clock.instant())
                .orElseThrow();
        afterCycle();
        clock.advance(Duration.ofSeconds(15));
        book.clear("barn.meter.unreadable", clock.instant());
        Alarm again = book.raise("barn.meter.unreadable", Alarm.Severity.WARNING, "meter silent", clock.instant())
                .orElseThrow();
        afterCycle();

        assertThat(sent).containsExactly(new AlarmEvent.Raised(first, first.raisedAt()),
                new AlarmEvent.Cleared("barn.meter.unreadable", again.raisedAt()),
                new AlarmEvent.Raised(again, again.raisedAt()));
    }

    @Test
    void aRestatedMessageKeepsWhenTheAlarmWasRaisedAndIsNoNewChange() {
        Alarm lost = book.raiseOrRestate("station.plc.swaps-lost", Alarm.Severity.WARNING, "1 swap(s) lost",
                clock.instant()).orElseThrow();
        afterCycle();
        clock.advance(Duration.ofMinutes(5));
        Alarm more = book.raiseOrRestate("station.plc.swaps-lost", Alarm.Severity.WARNING, "3 swap(s) lost",
                clock.instant()).orElseThrow();
        afterCycle();

        assertThat(more.raisedAt()).isEqualTo(lost.raisedAt());
        assertThat(book.active()).containsExactly(more);
        assertThat(sent).containsExactly(new AlarmEvent.Raised(lost, lost.raisedAt()));
    }
}
