package io.edgetally.station;

import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationSnapshot;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One point of the station's curve, as stored in {@code station_samples}.
 *
 * @param at            sample time
 * @param gridKw        the sum of charger setpoints (grid side)
 * @param capKw         min(station cap, external cap)
 * @param budgetKw      the controller's planned power level
 * @param monthPeakKw   the month's peak 15-minute demand so far
 * @param pricePerKwh   the energy price at this time
 * @param readyPacks    packs at or above the ready SOC
 * @param readyTarget   R(t): packs that should be ready now (trucks planned for within 30 minutes)
 * @param trucksWaiting trucks in the queue
 * @param importKwh     the revenue meter counter; empty when it was not read
 */
public record StationSample(Instant at, double gridKw, double capKw, double budgetKw, double monthPeakKw,
                            double pricePerKwh, int readyPacks, int readyTarget, int trucksWaiting,
                            OptionalDouble importKwh) {

    /** The sample a controller cycle describes. */
    public static StationSample of(Instant at, StationSnapshot snapshot, StationCommand command,
                                   OptionalDouble importKwh) {
        StationCommand.CycleStatus s = command.status();
        return new StationSample(at, command.totalKw(), s.effectiveCapKw(), s.budgetKw(), s.monthPeakKw(),
                s.pricePerKwh(), s.readyPacks(), s.readyTargetPacks(), snapshot.trucksWaiting(), importKwh);
    }
}
