package io.edgetally.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code station:} section of a swap-station site: the station's size and limits, from which the controller's
 * configuration follows ({@code StationControllerConfig.forStation}). Anything not given keeps the default of
 * {@link #defaults()}: the busiest Yibin station's size.
 *
 * <pre>
 * station:
 *   slots: 8              # charging slots, one charger each
 *   packs: 8              # packs in the station; every pack sits in a slot in this version
 *   pack-kwh: 282         # usable energy of one pack
 *   slot-kw: 300          # the most one charger draws from the grid
 *   grid-cap-kw: 1200     # transformer or contracted demand
 *   swap-soc: 0.95        # a pack at or above this SOC may be handed to a truck (charging stops here too)
 *   arrivals-per-day: 53  # expected swaps a day, the forecast's starting point (it learns from then on)
 *   tariff: sichuan-like  # the time-of-use tariff
 *   plc:                  # the station PLC (Modbus server, map in docs/station.md); needed by 'edgetally run'
 *     tcp: 10.0.0.30:502  # or rtu: {port: /dev/ttyUSB1, baud: 19200}
 *     unit: 1
 *     heartbeat-timeout: 10s   # the PLC's heartbeat register must change within this
 *     setpoint-timeout: 3m     # written to the PLC: 0 kW on every charger when edgetally stops writing this long
 *   eta:                  # optional: trucks' ETAs from the fleet dispatch platform (MQTT; docs/station.md)
 *     topic: fleet/yibin-4/eta
 *     broker: tcp://10.0.0.5:1883   # optional; default the uplink's broker, with its TLS and credentials
 *     stale-after: 3m     # no snapshot this long: plan from the forecast (and raise station.eta)
 *     distrust-for: 2h    # after an unannounced truck: plan from the forecast this long
 * </pre>
 */
public record StationConfig(int slots, int packs, double packKwh, double slotKw, double gridCapKw, double swapSoc,
                            double arrivalsPerDay, String tariff, Optional<PlcConfig> plc, Optional<EtaConfig> eta) {

    /**
     * Where the dispatch platform's ETA snapshots come from and how far they are trusted.
     *
     * @param broker empty: the uplink's broker (with its TLS and credentials)
     */
    public record EtaConfig(Optional<URI> broker, String topic, Duration staleAfter, Duration distrustFor) {}

    /**
     * Where the station PLC answers and how closely it is watched.
     *
     * @param setpointTimeout empty: three cycles, at least 10 s
     */
    public record PlcConfig(IoConfig.MeterLink link, int unitId, Duration heartbeatTimeout,
                            Optional<Duration> setpointTimeout) {}

    public static final List<String> TARIFFS = List.of("sichuan-like");

    /** The section if present, else every default (an 8-slot Yibin-sized station). */
    public static StationConfig from(Optional<ConfigNode> section) {
        return section.map(StationConfig::from).orElseGet(StationConfig::defaults);
    }

    /**
     * The busiest Yibin station: 8 slots of 300 kW with 282 kWh packs, a 1.2 MW connection, packs handed over at
     * 95 %, 53 swaps a day (the controller's own defaults are the same: a test keeps them so).
     */
    public static StationConfig defaults() {
        return new StationConfig(8, 8, 282.0, 300.0, 1200.0, 0.95, 53.0, TARIFFS.get(0), Optional.empty(),
                Optional.empty());
    }

    public static StationConfig from(ConfigNode n) {
        n.allowOnly("slots", "packs", "pack-kwh", "slot-kw", "grid-cap-kw", "swap-soc", "arrivals-per-day", "tariff",
                "plc", "eta");
        StationConfig d = defaults();
        int slots = n.integer("slots", 1, 64, d.slots());
        int packs = n.integer("packs", 1, 64, slots);
        if (packs != slots) {
            throw n.error("packs", "equal to slots (" + slots + "): every pack sits in a charging slot in this "
                    + "version", Integer.toString(packs));
        }
        double packKwh = n.number("pack-kwh", 10, 2_000, d.packKwh());
        double slotKw = n.number("slot-kw", 1, 2_000, d.slotKw());
        double capKw = n.number("grid-cap-kw", 1, 100_000, d.gridCapKw() * slots / 8.0);
        double swapSoc = n.number("swap-soc", 0.5, 1.0, d.swapSoc());
        double perDay = n.number("arrivals-per-day", 0, 10_000, d.arrivalsPerDay() * slots / 8.0);
        String tariff = n.string("tariff", d.tariff());
        if (!TARIFFS.contains(tariff)) {
            throw n.error("tariff", "one of " + TARIFFS, tariff);
        }
        Optional<PlcConfig> plc = n.optionalSection("plc").map(StationConfig::plc);
        Optional<EtaConfig> eta = n.optionalSection("eta").map(StationConfig::eta);
        return new StationConfig(slots, packs, packKwh, slotKw, capKw, swapSoc, perDay, tariff, plc, eta);
    }

    private static EtaConfig eta(ConfigNode e) {
        e.allowOnly("topic", "broker", "stale-after", "distrust-for");
        String topic = e.string("topic");
        if (topic.isBlank() || topic.contains("#") || topic.contains("+")) {
            throw e.error("topic", "one MQTT topic without wildcards, e.g. fleet/yibin-4/eta", topic);
        }
        Optional<URI> broker = e.optionalString("broker").map(b -> {
            URI uri;
            try {
                uri = new URI(b);
            } catch (URISyntaxException ex) {
                throw e.error("broker", "tcp://host:port or ssl://host:port", b);
            }
            if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 1) {
                throw e.error("broker", "tcp://host:port or ssl://host:port", b);
            }
            return uri;
        });
        return new EtaConfig(broker, topic,
                e.duration("stale-after", Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(3)),
                e.duration("distrust-for", Duration.ZERO, Duration.ofDays(1), Duration.ofHours(2)));
    }

    private static PlcConfig plc(ConfigNode p) {
        p.allowOnly("tcp", "rtu", "unit", "heartbeat-timeout", "setpoint-timeout");
        Optional<Duration> setpointTimeout = p.has("setpoint-timeout")
                ? Optional.of(p.duration("setpoint-timeout", Duration.ofSeconds(2), Duration.ofHours(18),
                        Duration.ofMinutes(3)))
                : Optional.empty();
        return new PlcConfig(IoConfig.link(p), p.integer("unit", 1, 247, 1),
                p.duration("heartbeat-timeout", Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(10)),
                setpointTimeout);
    }

    /** The PLC section, or a clear error for a service that cannot run without it. */
    public PlcConfig requirePlc(String file) {
        return plc.orElseThrow(() -> new ConfigException(file + ": 'station.plc' is missing: a swap station needs "
                + "its PLC's Modbus endpoint, e.g. 'plc: {tcp: 10.0.0.30:502, unit: 1}' (register map in "
                + "docs/station.md)"));
    }
}
