package io.edgetally.service;

import io.edgetally.status.StatusEndpoint;
import io.edgetally.store.Database;
import io.edgetally.tally.TallyService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every kind of site's service is and has: a control cycle the caller runs at the configured period, the
 * device's tally with its uplink, the CoAP endpoint, the database, and a stop that first puts the site in its safe
 * state (the kind says how) and then closes everything the service opened, in reverse order.
 */
public abstract class SiteService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteService.class);

    private final List<AutoCloseable> closing;
    private final TallyService tally;
    private final StatusEndpoint coap;
    private final Database db;
    private final LinkLog links = new LinkLog();

    /** @param closing everything the service opened, in the order it was opened (the database first) */
    protected SiteService(List<AutoCloseable> closing, TallyService tally, StatusEndpoint coap, Database db) {
        this.closing = List.copyOf(closing);
        this.tally = tally;
        this.coap = coap;
        this.db = db;
    }

    /** One control cycle. */
    public abstract void cycle();

    /** For the journal and systemd's status line. */
    public abstract String describe();

    /** What {@link #close()} does before it closes everything, for the journal. */
    public abstract String stopping();

    /** The kind's safe state, before everything is closed: heat off, chargers at 0 kW. */
    protected abstract void stop();

    /** The site's links (meter, probes, broker...) whose changes {@code run} logs after each cycle. */
    public final LinkLog links() {
        return links;
    }

    public final TallyService tally() {
        return tally;
    }

    public final StatusEndpoint coap() {
        return coap;
    }

    public final Database database() {
        return db;
    }

    /** Stops as the kind of site must stop, then closes everything the service opened. */
    @Override
    public final void close() {
        try {
            stop();
        } finally {
            closeAll(closing);
        }
    }

    /** Closes {@code opened} last first, logging what fails and carrying on: a stop or a start that failed halfway. */
    public static void closeAll(List<AutoCloseable> opened) {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }
}
