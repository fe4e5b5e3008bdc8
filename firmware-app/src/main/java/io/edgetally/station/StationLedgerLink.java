package io.edgetally.station;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.station.control.StationCommand;
import io.edgetally.tally.TallyService;
import java.time.Instant;

/**
 * Books every cycle's revenue-meter reading into the ledger. The {@code swap-diesel} methodology takes the grid
 * energy the revenue meter counts and applies the station's stated charging efficiency itself to get the energy
 * delivered to trucks, so the ledger is fed grid kWh, never the chargers' DC energy or pack SOC deltas (those are
 * recorded per swap for the operator, not tallied).
 */
public final class StationLedgerLink implements StationSite.CycleListener {

    private final TallyService services;

    public StationLedgerLink(TallyService services) {
        this.services = services;
    }

    @Override
    public void afterCycle(Instant at, MeterReading gridMeter, StationCommand command) {
        services.book(gridMeter);
    }
}
