package io.edgetally.station.control;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.SwapObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class StationControllerTest {

    private static final StationControllerConfig CONFIG = StationControllerConfig.defaults();
    /** 12:00 in Sichuan (flat price), a busy hour. */
    private static final Instant NOON = Instant.parse("2026-06-10T04:00:00Z");

    private static Snapshots busy() {
        return Snapshots.station().pack(0.20).pack(0.25).pack(0.30).pack(0.35).pack(0.40).pack(0.45).pack(0.50)
                .pack(0.55).waiting(2);
    }

    @Test
    void trucksWaitingWithNoReadyPackGetFullPowerUpToTheCap() {
        StationCommand command = new StationController(CONFIG).step(busy().at(NOON), NOON);

        assertThat(command.totalKw()).isGreaterThan(CONFIG.stationCapKw() - 10).isLessThanOrEqualTo(CONFIG.stationCapKw());
        assertThat(raised(command)).extracting(Alarm::code).containsExactly("station.service.waiting");
        // the fullest packs (closest to ready) go first
        assertThat(command.setpoints().get(7).powerKw()).isGreaterThan(290);
        assertThat(command.setpoints().get(0).powerKw()).isZero();
    }

    @Test
    void announcedTrucksReplaceTheForecastSoEnergyForALateTruckWaitsForCheaperHours() {
        // 20:30 local, peak price until 22:00; five packs ready, one at 60 %
        Instant evening = Instant.parse("2026-06-10T12:30:00Z");
        Snapshots station = Snapshots.station().pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.60);

        // the forecast expects several trucks before 22:00: the sixth pack charges now, at peak price
        assertThat(new StationController(CONFIG).step(station.at(evening), evening).setpoints().get(5).powerKw())
                .isGreaterThan(250);

        // dispatch announces five trucks by 21:30, the sixth at 23:40: its pack waits for the valley
        List<Instant> eta = List.of(evening.plusSeconds(600), evening.plusSeconds(1800), evening.plusSeconds(2700),
                evening.plusSeconds(3600), evening.plusSeconds(3600 + 600), evening.plusSeconds(3 * 3600 + 600));
        StationController told = new StationController(CONFIG, AnnouncedArrivals.all(eta));
        assertThat(told.step(station.at(evening), evening).setpoints().get(5).powerKw()).isZero();
    }

    @Test
    void aCapLoweredMidDayIsObeyedInTheNextCycle() {
        StationController controller = new StationController(CONFIG);
        Instant t = NOON;
        for (int i = 0; i < 5; i++) {
            assertThat(controller.step(busy().importKwh(i * 20.0).at(t), t).totalKw()).isGreaterThan(1100);
            t = t.plus(Duration.ofMinutes(1));
        }
        StationCommand lowered = controller.step(busy().importKwh(100).externalCap(350).at(t), t);

        assertThat(lowered.totalKw()).isLessThanOrEqualTo(350).isGreaterThan(300);
        assertThat(lowered.status().effectiveCapKw()).isEqualTo(350);

        t = t.plus(Duration.ofMinutes(1));
        StationCommand zero = controller.step(busy().importKwh(106).externalCap(0).at(t), t);
        assertThat(zero.totalKw()).isZero();
    }

    @Test
    void aFaultedChargerGetsNoPowerAndRaisesAnAlarmThatClearsWhenItRecovers() {
        StationController controller = new StationController(CONFIG);
        Snapshots faulted = Snapshots.station().pack(0.3).slot(ChargerStatus.FAULT,
                Optional.of(new PackState("S01", 0.5, new TemperatureReading.Valid(30))), 0).pack(0.4).waiting(1);

        StationCommand command = controller.step(faulted.at(NOON), NOON);

        assertThat(command.setpoints().get(1).powerKw()).isZero();
        assertThat(command.setpoints().get(0).powerKw() + command.setpoints().get(2).powerKw()).isGreaterThan(500);
        assertThat(raised(command)).filteredOn(a -> a.code().startsWith("station.charger")).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("station.charger.1.fault");
            assertThat(a.severity()).isEqualTo(Alarm.Severity.WARNING);
            assertThat(a.message()).contains("slot 1", "FAULT");
        });
        assertThat(controller.activeAlarms()).extracting(Alarm::code).contains("station.charger.1.fault");

        Instant later = NOON.plus(Duration.ofMinutes(1));
        StationCommand recovered = controller.step(Snapshots.station().pack(0.3).pack(0.5).pack(0.4).waiting(1)
                .at(later), later);
        assertThat(recovered.events()).anySatisfy(e -> assertThat(e).isEqualTo(new StationEvent.AlarmChanged(
                new AlarmEvent.Cleared("station.charger.1.fault", later))));
        assertThat(recovered.setpoints().get(1).powerKw()).isGreaterThan(0);
    }

    @Test
    void aHotPackStopsWithACriticalAlarmAndResumesOnlyOnceCooledWithDeratingInBetween() {
        StationController controller = new StationController(CONFIG);
        Instant t = NOON;
        StationCommand hot = controller.step(Snapshots.station().pack(0.3, 57, 0).pack(0.3, 30, 0).waiting(2).at(t), t);
        assertThat(hot.setpoints().get(0).powerKw()).isZero();
        assertThat(hot.setpoints().get(1).powerKw()).isGreaterThan(290);
        assertThat(raised(hot)).filteredOn(a -> a.code().startsWith("station.pack")).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("station.pack.0.hot");
            assertThat(a.severity()).isEqualTo(Alarm.Severity.CRITICAL);
            assertThat(a.message()).contains("57.0", "S00");
        });

        t = t.plus(Duration.ofMinutes(1));
        StationCommand cooling = controller.step(Snapshots.station().pack(0.3, 52, 0).pack(0.3, 30, 0).waiting(2).at(t), t);
        assertThat(cooling.setpoints().get(0).powerKw()).as("still above the resume temperature").isZero();

        t = t.plus(Duration.ofMinutes(1));
        StationCommand cooled = controller.step(Snapshots.station().pack(0.3, 48, 0).pack(0.3, 30, 0).waiting(2).at(t), t);
        assertThat(cooled.events()).contains(new StationEvent.AlarmChanged(new AlarmEvent.Cleared("station.pack.0.hot", t)));
        double derated = cooled.setpoints().get(0).powerKw();
        assertThat(derated).as("derated between 45 and 55 °C").isGreaterThan(0).isLessThan(0.75 * 295);
    }

    @Test
    void whileThePlcLinkIsDownNothingIsChargedNoChargerIsBlamedAndAHotPacksAlarmStays() {
        StationController controller = new StationController(CONFIG);
        Instant t = NOON;
        controller.step(Snapshots.station().pack(0.3, 57, 0).pack(0.3, 30, 0).at(t), t);
        assertThat(controller.activeAlarms()).extracting(Alarm::code).containsExactly("station.pack.0.hot");

        t = t.plus(Duration.ofMinutes(1));
        Snapshots unseen = Snapshots.station().slot(ChargerStatus.UNKNOWN, Optional.empty(), 0)
                .slot(ChargerStatus.UNKNOWN, Optional.empty(), 0);
        StationCommand blind = controller.step(unseen.at(t), t);

        assertThat(blind.totalKw()).isZero();
        assertThat(blind.events()).noneMatch(e -> e instanceof StationEvent.AlarmChanged);
        assertThat(controller.activeAlarms()).extracting(Alarm::code).containsExactly("station.pack.0.hot");

        // back: the hot pack is still not charged until it cools; the other charges
        t = t.plus(Duration.ofMinutes(1));
        StationCommand back = controller.step(Snapshots.station().pack(0.3, 52, 0).pack(0.3, 30, 0).waiting(1).at(t), t);
        assertThat(back.setpoints().get(0).powerKw()).isZero();
        assertThat(back.setpoints().get(1).powerKw()).isGreaterThan(290);
    }

    @Test
    void aPackWithoutATrustworthyTemperatureIsNotCharged() {
        StationController controller = new StationController(CONFIG);
        Snapshots s = Snapshots.station().slot(ChargerStatus.OK, Optional.of(new PackState("S00", 0.3,
                new TemperatureReading.Invalid(TemperatureReading.SensorFault.NO_RESPONSE, "BMS of S00 silent"))), 0)
                .pack(0.3).waiting(1);

        StationCommand command = controller.step(s.at(NOON), NOON);

        assertThat(command.setpoints().get(0).powerKw()).isZero();
        assertThat(raised(command)).extracting(Alarm::code).contains("station.pack.0.temperature")
                .doesNotContain("station.pack.1.temperature");
    }

    @Test
    void aCompletedSwapIsBookedWithTheEnergyTheTruckGotAndThePacksChargedDcEnergy() {
        StationController controller = new StationController(CONFIG);
        Instant t0 = NOON;
        controller.step(Snapshots.station().pack(0.3, 30, 1000).pack(0.9, 30, 500).at(t0), t0);
        Instant t1 = t0.plus(Duration.ofMinutes(1));
        controller.step(Snapshots.station().pack(0.3, 30, 1004).pack(0.95, 30, 514).at(t1), t1);
        // slot 1's pack leaves with a truck: the slot is empty during the swap
        Instant t2 = t1.plus(Duration.ofMinutes(1));
        controller.step(Snapshots.station().pack(0.3, 30, 1008)
                .slot(ChargerStatus.OK, Optional.empty(), 514).at(t2), t2);
        Instant t3 = t2.plus(Duration.ofMinutes(5));
        SwapObservation swap = new SwapObservation("T042", 1, "S01", "P-T042", 0.95, 0.18,
                t1.plusSeconds(30), t2, t3);
        StationCommand command = controller.step(Snapshots.station().pack(0.3, 30, 1012)
                .slot(ChargerStatus.OK, Optional.of(new PackState("P-T042", 0.18, new TemperatureReading.Valid(33))), 514)
                .swap(swap).at(t3), t3);

        assertThat(command.events()).filteredOn(e -> e instanceof StationEvent.SwapRecorded).singleElement()
                .satisfies(e -> {
                    SwapRecord r = ((StationEvent.SwapRecorded) e).swap();
                    assertThat(r.truckId()).isEqualTo("T042");
                    assertThat(r.packOutId()).isEqualTo("S01");
                    assertThat(r.packInId()).isEqualTo("P-T042");
                    assertThat(r.energyToTruckKwh()).isCloseTo((0.95 - 0.18) * 282, org.assertj.core.data.Offset.offset(1e-9));
                    // seen from the controller's first cycle only: the stay's start was not seen, so no DC figure
                    assertThat(r.chargedDcKwh()).isEmpty();
                    assertThat(r.waited()).isEqualTo(Duration.ofSeconds(30));
                });

        // the returned pack's whole stay is seen: when it leaves, its DC energy is known
        Instant t4 = t3.plus(Duration.ofMinutes(50));
        controller.step(Snapshots.station().pack(0.3, 30, 1012)
                .slot(ChargerStatus.OK, Optional.of(new PackState("P-T042", 0.95, new TemperatureReading.Valid(35))), 714)
                .at(t4), t4);
        Instant t5 = t4.plus(Duration.ofMinutes(1));
        controller.step(Snapshots.station().pack(0.3, 30, 1012).slot(ChargerStatus.OK, Optional.empty(), 714).at(t5), t5);
        Instant t6 = t5.plus(Duration.ofMinutes(5));
        StationCommand second = controller.step(Snapshots.station().pack(0.3, 30, 1012)
                .slot(ChargerStatus.OK, Optional.of(new PackState("P-T007", 0.22, new TemperatureReading.Valid(33))), 714)
                .swap(new SwapObservation("T007", 1, "P-T042", "P-T007", 0.95, 0.22, t5, t5, t6)).at(t6), t6);
        assertThat(second.events()).filteredOn(e -> e instanceof StationEvent.SwapRecorded).singleElement()
                .satisfies(e -> assertThat(((StationEvent.SwapRecorded) e).swap().chargedDcKwh()).hasValue(200.0));
    }

    @Test
    void theMonthPeakFollowsTheRevenueMeterAndResetsWithTheMonth() {
        StationController controller = new StationController(CONFIG);
        // 15-minute intervals in local time; 150 kWh in a quarter hour is 600 kW
        Instant t = Instant.parse("2026-06-30T15:00:00Z"); // 23:00 local
        double kwh = 0;
        StationCommand last = null;
        for (int minute = 0; minute <= 16; minute++) {
            last = controller.step(Snapshots.station().pack(0.95).importKwh(kwh).at(t), t);
            kwh += 10;
            t = t.plus(Duration.ofMinutes(1));
        }
        assertThat(controller.monthPeakKw()).isCloseTo(600, org.assertj.core.data.Offset.offset(1.0));
        assertThat(last.events()).isEmpty();

        // an hour later it is July in Sichuan: the demand charge starts again
        t = Instant.parse("2026-06-30T16:01:00Z");
        controller.step(Snapshots.station().pack(0.95).importKwh(kwh).at(t), t);
        assertThat(controller.monthPeakKw()).isZero();
    }

    @Test
    void atNightAReturnedPackNeededOnlyInTheMorningWaitsForTheValley() {
        // 21:00 local: peak price until 22, flat until 23, valley after; few trucks before morning
        Instant evening = Instant.parse("2026-06-10T13:00:00Z");
        StationCommand command = new StationController(CONFIG).step(Snapshots.station()
                .pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.95).pack(0.2)
                .at(evening), evening);

        assertThat(command.totalKw()).isZero();
        assertThat(command.status().readyPacks()).isEqualTo(7);
    }

    private static List<Alarm> raised(StationCommand command) {
        return command.events().stream()
                .filter(e -> e instanceof StationEvent.AlarmChanged a && a.change() instanceof AlarmEvent.Raised)
                .map(e -> ((AlarmEvent.Raised) ((StationEvent.AlarmChanged) e).change()).alarm())
                .toList();
    }
}
