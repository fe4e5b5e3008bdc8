package io.edgetally.station.control;

import io.edgetally.io.plc.ChargerSetpoint;
import java.util.List;

/**
 * The result of one controller cycle.
 *
 * @param setpoints one setpoint per slot in the snapshot, in slot order
 * @param events    what happened this cycle, to store or forward
 * @param status    the figures an operator and a plot want to see
 */
public record StationCommand(List<ChargerSetpoint> setpoints, List<StationEvent> events, CycleStatus status) {

    public StationCommand {
        setpoints = List.copyOf(setpoints);
        events = List.copyOf(events);
    }

    public double totalKw() {
        return setpoints.stream().mapToDouble(ChargerSetpoint::powerKw).sum();
    }

    /**
     * @param effectiveCapKw   min(station cap, external cap) this cycle
     * @param budgetKw         the power level the plan keeps under (month peak unless service or cost needs more)
     * @param monthPeakKw      the month's highest 15-minute demand so far
     * @param readyPacks       packs at or above the ready SOC
     * @param readyTargetPacks R(t): trucks planned for (forecast with its safety band, plus those waiting) within
     *                         the next 30 minutes, i.e. packs that should be ready now
     * @param pricePerKwh      the energy price now
     */
    public record CycleStatus(double effectiveCapKw, double budgetKw, double monthPeakKw, int readyPacks,
                              int readyTargetPacks, double pricePerKwh) {}
}
