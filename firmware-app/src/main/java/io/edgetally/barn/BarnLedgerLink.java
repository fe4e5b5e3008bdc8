package io.edgetally.barn;

import io.edgetally.app.DeviceServices;
import io.edgetally.curing.CureState;
import io.edgetally.curing.CuringEvent;
import io.edgetally.io.meter.MeterReading;
import java.util.List;

/**
 * Feeds every cycle's meter reading to the ledger, and closes the batch's tally when the cure completes, so the
 * batch's records cover it to its last reading.
 */
public final class BarnLedgerLink implements BarnSite.CycleListener {

    private final BarnSite site;
    private final DeviceServices services;

    public BarnLedgerLink(BarnSite site, DeviceServices services) {
        this.site = site;
        this.services = services;
    }

    @Override
    public void afterCycle(CureState state, MeterReading meter, List<CuringEvent> events) {
        services.book(meter);
        if (events.stream().anyMatch(e -> e instanceof CuringEvent.CureComplete)) {
            services.closeBatch("batch-" + site.batchId(), site.batchStartedAt());
        }
    }
}
