package io.edgetally.station.control;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the state, the controller's setpoints respect the cap and every pack's limits. */
class StationControllerCapPropertyTest {

    private static final StationControllerConfig CONFIG = StationControllerConfig.defaults();
    private static final PackLimits LIMITS = new PackLimits(CONFIG);

    @Property(tries = 300)
    void setpointsNeverExceedTheCapOrAPacksLimit(@ForAll("slots") List<SlotState> slots,
                                                 @ForAll("externalCaps") OptionalDouble externalCap,
                                                 @ForAll @IntRange(min = 0, max = 6) int waiting,
                                                 @ForAll @IntRange(min = 0, max = 60 * 24 * 31) int minuteOfMonth,
                                                 @ForAll @IntRange(min = 0, max = 1500) int monthPeakKw) {
        StationController controller = new StationController(CONFIG, monthPeakKw, java.time.YearMonth.of(2026, 6));
        Instant now = Instant.parse("2026-05-31T16:00:00Z").plus(Duration.ofMinutes(minuteOfMonth));
        for (int cycle = 0; cycle < 3; cycle++) {
            StationSnapshot snapshot = new StationSnapshot(slots,
                    new MeterReading.Ok("m", 1000 + cycle * 15.0, 0, now), externalCap, waiting, List.of());
            StationCommand command = controller.step(snapshot, now);
            double cap = Math.min(CONFIG.stationCapKw(), externalCap.orElse(Double.POSITIVE_INFINITY));
            assertThat(command.totalKw()).isLessThanOrEqualTo(cap + 1e-9);
            assertThat(command.setpoints()).hasSize(slots.size());
            for (ChargerSetpoint sp : command.setpoints()) {
                SlotState slot = slots.get(sp.slot());
                double limit = slot.charger() != ChargerStatus.OK || slot.pack().isEmpty() ? 0
                        : LIMITS.maxGridKw(slot.pack().get());
                assertThat(sp.powerKw()).as("slot %d", sp.slot()).isLessThanOrEqualTo(limit + 1e-9);
            }
            now = now.plus(Duration.ofMinutes(1));
        }
    }

    @Provide
    Arbitrary<OptionalDouble> externalCaps() {
        return Arbitraries.oneOf(Arbitraries.just(OptionalDouble.empty()),
                Arbitraries.doubles().between(0, 2000).map(OptionalDouble::of));
    }

    @Provide
    Arbitrary<List<SlotState>> slots() {
        Arbitrary<ChargerStatus> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(ChargerStatus.OK)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ChargerStatus.FAULT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ChargerStatus.OFFLINE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ChargerStatus.UNKNOWN)));
        Arbitrary<TemperatureReading> temperature = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(5, 65).map(TemperatureReading.Valid::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new TemperatureReading.Invalid(
                        TemperatureReading.SensorFault.NO_RESPONSE, "BMS silent"))));
        Arbitrary<Optional<PackState>> pack = Combinators.combine(Arbitraries.doubles().between(0, 1), temperature)
                .as((soc, t) -> Optional.of(new PackState("P" + Math.round(soc * 1e6), soc, t)));
        Arbitrary<Optional<PackState>> maybePack = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, pack), net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.empty())));
        Arbitrary<SlotState> slot = Combinators.combine(status, maybePack, Arbitraries.doubles().between(0, 1e6))
                .as((s, p, dc) -> new SlotState(0, s, p, dc));
        return slot.list().ofMinSize(1).ofMaxSize(40).map(list -> {
            List<SlotState> numbered = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                SlotState s = list.get(i);
                numbered.add(new SlotState(i, s.charger(), s.pack(), s.dcMeterKwh()));
            }
            return numbered;
        });
    }
}
