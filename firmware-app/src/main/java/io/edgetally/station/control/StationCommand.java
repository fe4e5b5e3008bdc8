package io.edgetally.station.control;

import io.edgetally.io.plc.ChargerSetpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
     * @param arrivalsPerHour  trucks the forecast expects in this hour (the learned hourly count)
     * @param announced        with a dispatch feed: what it announces, as the controller plans with it
     */
    public record CycleStatus(double effectiveCapKw, double budgetKw, double monthPeakKw, int readyPacks,
                              int readyTargetPacks, double pricePerKwh, double arrivalsPerHour,
                              Optional<Announced> announced) {}

    /**
     * The dispatch feed as the controller trusted it this cycle.
     *
     * @param nextHour      trucks announced within the next hour that the controller plans for: none from a feed it
     *                      does not trust
     * @param completeUntil until when the announcements are complete; empty when they are not trusted now
     * @param problem       why they are not used, if they are not
     */
    public record Announced(int nextHour, Optional<Instant> completeUntil, Optional<String> problem) {}
}
