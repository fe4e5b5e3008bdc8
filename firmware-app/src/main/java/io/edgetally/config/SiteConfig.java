package io.edgetally.config;

import io.edgetally.protocol.SiteKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The whole site configuration ({@code /etc/edgetally/edgetally.yaml}), read and checked in one go: a file with
 * one mistake is refused whole, with the line and key named, so the service never starts half-configured. A site is
 * a curing barn ({@link Barn}, with its {@code barn:} section) or a swap station ({@link Station}, with its
 * {@code station:} section); what every site has is in {@link Common}.
 */
public sealed interface SiteConfig permits SiteConfig.Barn, SiteConfig.Station {

    /** The tallies' calendar (today, the season) follows this zone unless the config's {@code zone:} names another. */
    ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** What every kind of site has: identity, data folder, cycle, field I/O, ledger, uplink, CoAP, clock. */
    Common common();

    SiteKind kind();

    /** A curing barn: {@code kind: curing-barn} and a {@code barn:} section. */
    record Barn(Common common, BarnConfig barn) implements SiteConfig {
        @Override
        public SiteKind kind() {
            return SiteKind.CURING_BARN;
        }
    }

    /** A battery-swap station: {@code kind: swap-station} and a {@code station:} section (all defaults without). */
    record Station(Common common, StationConfig station) implements SiteConfig {
        @Override
        public SiteKind kind() {
            return SiteKind.SWAP_STATION;
        }
    }

    /**
     * @param zone          the site's local time zone ({@code zone:}, default {@link #DEFAULT_ZONE}): the day and
     *                      season of the tallies
     * @param clockSyncFile where the system says the clock is synchronised (default systemd-timesyncd's flag)
     * @param clock         whose time the site follows ({@code clock:}): the system's, or a simulator's that
     *                      announces itself on the site's Modbus link (rehearsals in accelerated time only)
     */
    record Common(String site, String device, Path dataDir, Duration cycle, ZoneId zone, IoConfig io,
                  LedgerConfig ledger, Optional<UplinkConfig> uplink, CoapConfig coap, Optional<Path> clockSyncFile,
                  ClockSource clock) {}

    /** {@code clock: system} (default) or {@code clock: simulator}. */
    enum ClockSource {
        /** the system clock: every real site */
        SYSTEM,
        /** the clock of {@code edgetally sim barn --lockstep}, read over the barn's Modbus gateway; refused elsewhere */
        SIMULATOR
    }

    default String site() {
        return common().site();
    }

    default String device() {
        return common().device();
    }

    default Path dataDir() {
        return common().dataDir();
    }

    default Duration cycle() {
        return common().cycle();
    }

    default ZoneId zone() {
        return common().zone();
    }

    default IoConfig io() {
        return common().io();
    }

    default LedgerConfig ledger() {
        return common().ledger();
    }

    default Optional<UplinkConfig> uplink() {
        return common().uplink();
    }

    default CoapConfig coap() {
        return common().coap();
    }

    default Optional<Path> clockSyncFile() {
        return common().clockSyncFile();
    }

    default ClockSource clock() {
        return common().clock();
    }

    /**
     * @param grid the grid emission factor by place and year, e.g. {@code sichuan-2022} or {@code national-2023}
     */
    record LedgerConfig(String methodology, Optional<String> sensitivity, Duration interval, String grid) {

        /** The factor table's region code: {@code CN-SC} for Sichuan, {@code CN} for the national grid. */
        public String gridRegion() {
            return grid.startsWith("sichuan-") ? "CN-SC" : "CN";
        }

        public int gridYear() {
            return Integer.parseInt(grid.substring(grid.lastIndexOf('-') + 1));
        }
    }

    /**
     * @param registryKeys the registry's Ed25519 public keys (base64) its signed acks must verify with; empty on an
     *                     older install, whose device takes unsigned acks (guarded, see docs/report-schema.md)
     */
    record UplinkConfig(String broker, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                        Optional<String> username, Optional<Path> passwordFile, List<String> registryKeys) {
        public UplinkConfig {
            registryKeys = List.copyOf(registryKeys);
        }
    }

    record CoapConfig(String bind, int port, int dtlsPort, Optional<String> pskIdentity,
                      Optional<Path> pskSecretFile) {}

    static SiteConfig load(Path file) {
        return from(ConfigNode.load(file));
    }

    static SiteConfig from(ConfigNode root) {
        return SiteConfigReader.site(root);
    }
}
