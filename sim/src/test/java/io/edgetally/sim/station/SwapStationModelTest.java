package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.station.control.StationControllerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwapStationModelTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant START = LocalDate.of(2026, 6, 1).atTime(10, 0).atZone(ZONE).toInstant();

    private static List<ChargerSetpoint> all(int slots, double kw) {
        List<ChargerSetpoint> list = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            list.add(new ChargerSetpoint(i, kw));
        }
        return list;
    }

    @Test
    void metersAgreeWithTheEfficienciesAndPacksHeatWhileCharging() {
        StationModelConfig c = StationModelConfig.defaults();
        SwapStationModel model = new SwapStationModel(c, ZONE, List.of(), START);
        for (int i = 0; i < c.slots(); i++) {
            model.setPackSoc(i, 0.2);
        }
        double t0 = model.packTemperatureCelsius(0);
        model.apply(all(c.slots(), 150));
        model.advance(Duration.ofMinutes(30));

        assertThat(model.gridImportKwh()).isCloseTo(8 * 150 * 0.5, offset(1e-6));
        assertThat(model.chargerDcKwh(0)).isCloseTo(150 * 0.5 * c.chargerEfficiency(), offset(1e-6));
        double stored = (model.soc(0) - 0.2) * c.packCapacityKwh();
        assertThat(stored).isCloseTo(model.chargerDcKwh(0) * c.batteryEfficiency(), offset(1e-6));
        // grid to stored energy: the ~0.93 the swap-diesel tally states
        assertThat(stored * 8 / model.gridImportKwh()).isCloseTo(0.93, offset(0.002));
        assertThat(model.packTemperatureCelsius(0)).isGreaterThan(t0);
        assertThat(model.capViolations()).isZero();
    }

    @Test
    void theBmsTapersAboveNinetyPercentAndStopsAtTheConfiguredFullLevel() {
        StationModelConfig c = StationModelConfig.defaults();
        SwapStationModel model = new SwapStationModel(c, ZONE, List.of(), START);
        model.setPackSoc(0, 0.925);
        model.apply(List.of(new ChargerSetpoint(0, 300)));
        model.advance(Duration.ofSeconds(60));
        // at 92.5 % the pack takes 75 % of 1C
        assertThat(model.gridKw()).isCloseTo(0.75 * 282 / c.chargerEfficiency(), offset(3.0));
        model.advance(Duration.ofHours(2));
        assertThat(model.soc(0)).isCloseTo(c.chargeStopSoc(), offset(1e-9));
        assertThat(model.gridKw()).isZero();
    }

    @Test
    void aTruckWaitsForAReadyPackAndTheSwapTakesFiveMinutes() {
        StationModelConfig c = StationModelConfig.defaults();
        List<TruckArrival> trucks = List.of(new TruckArrival(START.plusSeconds(30), "T001", 0.18));
        SwapStationModel model = new SwapStationModel(c, ZONE, trucks, START);
        for (int i = 0; i < c.slots(); i++) {
            model.setPackSoc(i, 0.90);
        }
        model.advance(Duration.ofMinutes(2));
        assertThat(model.trucksWaiting()).isEqualTo(1);
        assertThat(model.snapshot().trucksWaiting()).isEqualTo(1);

        model.apply(List.of(new ChargerSetpoint(3, 300)));
        model.advance(Duration.ofMinutes(20));
        List<SwapStationModel.ServedSwap> served = model.served();
        assertThat(served).singleElement().satisfies(s -> {
            assertThat(s.slot()).isEqualTo(3);
            assertThat(s.socOut()).isGreaterThanOrEqualTo(0.95 - StationControllerConfig.SOC_TOLERANCE);
            assertThat(Duration.between(s.startedAt(), s.completedAt())).isEqualTo(Duration.ofMinutes(5));
            assertThat(s.waited()).isGreaterThan(Duration.ofMinutes(1));
        });
        var snapshot = model.snapshot();
        assertThat(snapshot.completedSwaps()).singleElement().satisfies(o -> {
            assertThat(o.truckId()).isEqualTo("T001");
            assertThat(o.packOutId()).isEqualTo("S04");
            assertThat(o.socIn()).isEqualTo(0.18);
        });
        // the returned pack sits in the slot and the charger's setpoint, still in force, charges it
        assertThat(snapshot.slots().get(3).pack()).hasValueSatisfying(p -> {
            assertThat(p.packId()).isEqualTo("P-T001");
            assertThat(p.soc()).isGreaterThan(0.18);
        });
        assertThat(model.snapshot().completedSwaps()).as("handed over once").isEmpty();
    }

    @Test
    void arrivalsAreSeededAndSizedToTheYibinStation() {
        StationControllerConfig c = StationControllerConfig.defaults();
        Instant start = LocalDate.of(2026, 6, 1).atStartOfDay(ZONE).toInstant();
        ArrivalGenerator g = ArrivalGenerator.yibin(c.arrivals(), ZONE);
        List<TruckArrival> a = g.generate(start, Duration.ofDays(20), 42);

        assertThat(g.generate(start, Duration.ofDays(20), 42)).isEqualTo(a);
        assertThat(g.generate(start, Duration.ofDays(20), 43)).isNotEqualTo(a);
        assertThat(a.size() / 20.0).isBetween(47.0, 59.0);
        assertThat(a).allSatisfy(t -> assertThat(t.returnSoc()).isBetween(0.05, 0.60));
        double kwhPerDay = a.stream().mapToDouble(t -> (0.95 - t.returnSoc()) * 282).sum() / 20
                * c.gridKwhPerStoredKwh();
        assertThat(kwhPerDay).as("grid kWh per day").isBetween(10_500.0, 13_500.0);
        long night = a.stream().filter(t -> t.at().atZone(ZONE).getHour() < 5).count();
        long morning = a.stream().filter(t -> t.at().atZone(ZONE).getHour() >= 8
                && t.at().atZone(ZONE).getHour() < 13).count();
        assertThat(morning).isGreaterThan(3 * night);
    }
}
