package io.edgetally.site;

import io.edgetally.barn.BarnService;
import io.edgetally.service.SiteService;
import io.edgetally.station.StationService;

/** A site as {@link Sites#start} built it: a curing barn's service or a swap station's. */
public sealed interface RunningSite permits RunningSite.Barn, RunningSite.Station {

    /** The service, whichever kind it is: its cycle, tally, endpoint, database and stop. */
    SiteService service();

    record Barn(BarnService service) implements RunningSite {}

    record Station(StationService service) implements RunningSite {}
}
