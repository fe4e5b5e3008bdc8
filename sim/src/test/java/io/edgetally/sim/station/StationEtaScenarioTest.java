package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.protocol.eta.EtaSnapshot;
import io.edgetally.station.control.EtaBoard;
import io.edgetally.station.control.ReceivedEta;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationController;
import io.edgetally.station.control.StationEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller fed a dispatch platform's ETAs, against the simulated station and the same trucks without them. */
class StationEtaScenarioTest {

    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    @Test
    void anHourOfNoticeCutsTheBillWithoutMakingTrucksWaitLonger() {
        StationScenario s = StationScenario.yibin(DAY, 2, 2023);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        StationRun.Result blind = s.run(new StationController(s.controllerConfig()));
        StationRun.Result told = s.run(StationBenchmark.withEtas(s, Duration.ofHours(1), Duration.ofMinutes(3), 1));

        assertThat(told.swaps()).hasSameSizeAs(naive.swaps());
        assertThat(told.energyCost()).isLessThan(blind.energyCost() * 0.95);
        assertThat(told.meanWaitMinutes()).isLessThanOrEqualTo(naive.meanWaitMinutes() + 0.01);
        assertThat(told.capViolations()).isZero();
    }

    @Test
    void whenTheFeedFallsSilentAnAlarmSaysSoAndTrucksAreServedFromTheForecast() {
        StationScenario s = StationScenario.yibin(DAY, 1, 2023);
        Instant silentFrom = s.start().plus(Duration.ofHours(12));
        List<AlarmEvent.Raised> alarms = new ArrayList<>();
        StationRun.Result r = s.run(feeding(s, snapshot -> snapshot.sent().isBefore(silentFrom) ? snapshot : null,
                alarms));
        StationRun.Result blind = s.run(new StationController(s.controllerConfig()));

        AlarmEvent.Raised raised = alarms.stream().filter(a -> a.alarm().code().equals("station.eta"))
                .filter(a -> a.at().isAfter(silentFrom)).findFirst().orElseThrow();
        assertThat(raised.at()).isBefore(silentFrom.plus(Duration.ofMinutes(5)));
        assertThat(raised.alarm().message()).contains("no ETA snapshot since");
        assertThat(r.meanWaitMinutes()).isLessThanOrEqualTo(blind.meanWaitMinutes() + 0.1);
        assertThat(r.stillWaiting()).isZero();
    }

    @Test
    void aTruckTheFeedLeftOutRaisesAnAlarmNamingIt() {
        StationScenario s = StationScenario.yibin(DAY, 1, 2023);
        TruckArrival hidden = s.arrivals().get(20);
        List<AlarmEvent.Raised> alarms = new ArrayList<>();
        s.run(feeding(s, snapshot -> new EtaSnapshot(snapshot.sent(), snapshot.completeUntil(),
                snapshot.trucks().stream().filter(t -> !t.truckId().equals(hidden.truckId())).toList()), alarms));

        assertThat(alarms).anySatisfy(a -> {
            assertThat(a.alarm().code()).isEqualTo("station.eta");
            assertThat(a.alarm().message()).contains("truck " + hidden.truckId()).contains("unannounced");
        });
    }

    /** The controller behind a board fed each minute with the dispatch feed's snapshot, edited (null: not sent). */
    private static io.edgetally.station.control.ChargingPolicy feeding(StationScenario s,
            java.util.function.UnaryOperator<EtaSnapshot> edit, List<AlarmEvent.Raised> alarms) {
        EtaBoard board = new EtaBoard(Duration.ofMinutes(3), Duration.ofHours(2));
        DispatchFeed feed = new DispatchFeed(s.arrivals(), Duration.ofHours(1), Duration.ZERO, 1);
        StationController controller = new StationController(s.controllerConfig(), board);
        return (snapshot, now) -> {
            EtaSnapshot sent = edit.apply(feed.snapshotAt(now));
            StationCommand c = controller.step(sent == null ? snapshot
                    : snapshot.withEtas(List.of(new ReceivedEta(sent, now))), now);
            for (StationEvent e : c.events()) {
                if (e instanceof StationEvent.AlarmChanged(AlarmEvent.Raised raised)) {
                    alarms.add(raised);
                }
            }
            return c;
        };
    }
}
