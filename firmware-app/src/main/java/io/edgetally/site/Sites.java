package io.edgetally.site;

import io.edgetally.barn.BarnService;
import io.edgetally.config.SiteConfig;
import io.edgetally.station.StationService;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.store.Database;
import io.edgetally.tally.ClockSync;
import io.edgetally.tally.TallyService;
import io.edgetally.uplink.UplinkConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: builds the site a config describes, exactly as {@code edgetally run} runs it, for the
 * service on a Pi, the demos and the simulated-site tests alike. What both kinds share is built here (the
 * database, the tally with its uplink, the CoAP endpoint's settings); the kind's own service wires the rest.
 */
public final class Sites {

    private Sites() {}

    /**
     * Checks the config's files (uplink certificates, the operator key), opens the site's database and starts the
     * site; nothing is left open when it fails.
     *
     * @param file the config file: schedule files are found next to it, errors name it
     */
    public static RunningSite start(SiteConfig config, Path file, SiteHost host) {
        Optional<UplinkConfig> uplink = config.uplink()
                .map(u -> host.uplink().apply(UplinkConfig.forSite(u, config.site(), config.device())));
        StatusEndpointConfig coap = host.coap().apply(StatusEndpointConfig.forSite(config.coap()));
        ClockSync clockSync = host.clockSync().orElseGet(() -> ClockSync.fromFlag(config.clockSyncFile()));
        Path db = config.dataDir().resolve("edgetally.db");
        // each kind checks what it can before anything is opened; then its service owns the database
        return switch (config) {
            case SiteConfig.Barn barn -> {
                BarnService.Plan plan = BarnService.plan(barn, file.toAbsolutePath().getParent());
                Database opened = Database.open(db, host.durability());
                yield new RunningSite.Barn(plan.start(opened, tally(config, opened, uplink, clockSync, host), coap,
                        host.gpio(), host.clock(), host.fieldLinks()));
            }
            case SiteConfig.Station station -> {
                StationService.Plan plan = StationService.plan(station, file);
                Database opened = Database.open(db, host.durability());
                yield new RunningSite.Station(plan.start(opened, tally(config, opened, uplink, clockSync, host), coap,
                        host.clock()));
            }
        };
    }

    private static Supplier<TallyService> tally(SiteConfig config, Database db, Optional<UplinkConfig> uplink,
                                                ClockSync clockSync, SiteHost host) {
        return () -> TallyService.start(config, db, uplink, clockSync, host.clock());
    }
}
