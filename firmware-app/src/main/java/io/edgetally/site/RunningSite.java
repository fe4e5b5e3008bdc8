package io.edgetally.site;

import io.edgetally.barn.BarnService;
import io.edgetally.station.StationService;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.store.Database;
import io.edgetally.tally.TallyService;

/** A site as {@link Sites#start} built it: a curing barn's service or a swap station's. */
public sealed interface RunningSite extends AutoCloseable permits RunningSite.Barn, RunningSite.Station {

    /** One control cycle. */
    void cycle();

    TallyService tally();

    StatusEndpoint coap();

    Database database();

    /** For the journal and systemd's status line. */
    String describe();

    /** Stops as the kind of site must stop: a barn with the heat off, a station with every charger at 0 kW. */
    @Override
    void close();

    /** What {@link #close()} does, for the journal. */
    String stopping();

    record Barn(BarnService service) implements RunningSite {
        public void cycle() {
            service.cycle();
        }

        public TallyService tally() {
            return service.tally();
        }

        public StatusEndpoint coap() {
            return service.coap();
        }

        public Database database() {
            return service.database();
        }

        public String describe() {
            return service.describe();
        }

        public void close() {
            service.close();
        }

        public String stopping() {
            return "heat off, position saved, relays released";
        }
    }

    record Station(StationService service) implements RunningSite {
        public void cycle() {
            service.cycle();
        }

        public TallyService tally() {
            return service.tally();
        }

        public StatusEndpoint coap() {
            return service.coap();
        }

        public Database database() {
            return service.database();
        }

        public String describe() {
            return service.describe();
        }

        public void close() {
            service.close();
        }

        public String stopping() {
            return "every charger to 0 kW";
        }
    }
}
