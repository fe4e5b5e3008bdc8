package io.edgetally.barn;

import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.CuringEvent;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.tally.TallyService;
import java.util.List;

/**
 * Feeds every cycle's meter reading to the ledger, and closes the batch's tally when the cure completes, so the
 * batch's records cover it to its last reading.
 */
public final class BarnLedgerLink implements BarnSite.CycleListener {

    private final BarnSite site;
    private final TallyService services;

    public BarnLedgerLink(BarnSite site, TallyService services) {
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
