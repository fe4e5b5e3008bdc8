package io.edgetally.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmRelayTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-10T04:00:00Z"));
    private final List<Alarm> active = new ArrayList<>();
    private final List<AlarmEvent> sent = new ArrayList<>();
    private final AlarmRelay relay = new AlarmRelay(() -> List.copyOf(active), sent::add, clock);

    @Test
    void eachAlarmIsSentOnceWhenRaisedAndOnceWhenCleared() {
        Alarm hot = new Alarm("station.pack.2.hot", Alarm.Severity.CRITICAL, "pack S02 at 57.0 °C", clock.instant());
        active.add(hot);
        relay.afterCycle();
        clock.advance(Duration.ofMinutes(1));
        relay.afterCycle();

        assertThat(sent).containsExactly(new AlarmEvent.Raised(hot, hot.raisedAt()));

        active.clear();
        clock.advance(Duration.ofMinutes(1));
        relay.afterCycle();
        relay.afterCycle();

        assertThat(sent).hasSize(2).last().isEqualTo(new AlarmEvent.Cleared("station.pack.2.hot", clock.instant()));
    }

    @Test
    void anAlarmClearedAndRaisedAgainBetweenTwoCyclesIsSentAsBoth() {
        Alarm first = new Alarm("barn.meter.unreadable", Alarm.Severity.WARNING, "meter silent", clock.instant());
        active.add(first);
        relay.afterCycle();
        clock.advance(Duration.ofSeconds(15));
        Alarm again = new Alarm("barn.meter.unreadable", Alarm.Severity.WARNING, "meter silent", clock.instant());
        active.set(0, again);
        relay.afterCycle();

        assertThat(sent).containsExactly(new AlarmEvent.Raised(first, first.raisedAt()),
                new AlarmEvent.Cleared("barn.meter.unreadable", again.raisedAt()),
                new AlarmEvent.Raised(again, again.raisedAt()));
    }
}
