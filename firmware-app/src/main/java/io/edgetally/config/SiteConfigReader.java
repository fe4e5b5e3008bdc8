package io.edgetally.config;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.SiteKind;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@link SiteConfig} from its YAML, checking every key as it goes. */
final class SiteConfigReader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private SiteConfigReader() {}

    static SiteConfig site(ConfigNode root) {
        root.allowOnly("site", "device", "kind", "data-dir", "cycle", "zone", "barn", "station", "io", "ledger",
                "uplink", "coap", "clock-sync-file", "clock");
        String site = id(root, "site");
        String device = id(root, "device");
        SiteKind kind = root.enumValue("kind", SiteKind.class);
        Path dataDir = Path.of(root.string("data-dir", "/var/lib/edgetally"));
        Duration cycle = root.duration("cycle", Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(15));
        ZoneId zone = zone(root);
        Optional<BarnConfig> barn = Optional.empty();
        if (kind == SiteKind.CURING_BARN) {
            barn = Optional.of(BarnConfig.from(root.section("barn")));
        } else if (root.has("barn")) {
            throw root.error("barn", "absent for a swap-station site (kind: swap-station)", "a barn section");
        }
        IoConfig io = IoConfig.from(root.section("io"), kind);
        SiteConfig.LedgerConfig ledger = ledger(root.optionalSection("ledger"), kind);
        Optional<SiteConfig.UplinkConfig> uplink = root.optionalSection("uplink").map(SiteConfigReader::uplink);
        SiteConfig.CoapConfig coap = coap(root.optionalSection("coap"));
        Optional<Path> clockSync = root.optionalString("clock-sync-file").map(Path::of);
        SiteConfig.ClockSource clock = root.enumValue("clock", SiteConfig.ClockSource.class,
                SiteConfig.ClockSource.SYSTEM);
        SiteConfig.Common common = new SiteConfig.Common(site, device, dataDir, cycle, zone, io, ledger, uplink, coap,
                clockSync, clock);
        if (kind == SiteKind.SWAP_STATION) {
            return new SiteConfig.Station(common, StationConfig.from(root.optionalSection("station")));
        }
        if (root.has("station")) {
            throw root.error("station", "absent for a curing-barn site (kind: curing-barn)", "a station section");
        }
        return new SiteConfig.Barn(common, barn.orElseThrow());
    }

    private static String id(ConfigNode n, String key) {
        String v = n.string(key);
        if (!ID.matcher(v).matches()) {
            throw n.error(key, "lower-case letters, digits, '.', '_' or '-' (at most 63, starting with a letter "
                    + "or digit)", v);
        }
        return v;
    }

    private static ZoneId zone(ConfigNode n) {
        if (!n.has("zone")) {
            return SiteConfig.DEFAULT_ZONE;
        }
        String z = n.string("zone");
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw n.error("zone", "a time zone such as Asia/Shanghai or Asia/Urumqi", z);
        }
    }

    private static SiteConfig.LedgerConfig ledger(Optional<ConfigNode> section, SiteKind kind) {
        String defaultMethod = kind == SiteKind.CURING_BARN ? "sichuan-2023-thermal" : "swap-diesel";
        if (section.isEmpty()) {
            return new SiteConfig.LedgerConfig(defaultMethod, Optional.empty(), Duration.ofMinutes(15),
                    "sichuan-2022");
        }
        ConfigNode n = section.get();
        n.allowOnly("methodology", "sensitivity", "interval", "grid");
        Duration interval = n.duration("interval", Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(15));
        if (Duration.ofDays(1).toSeconds() % interval.toSeconds() != 0) {
            throw n.error("interval", "a duration that divides a day evenly (1m, 5m, 15m, 1h, ...)",
                    interval.toString());
        }
        String grid = n.string("grid", "sichuan-2022");
        if (!grid.matches("(sichuan|national)-(19|20)\\d\\d")) {
            throw n.error("grid", "a grid factor such as sichuan-2022 or national-2023", grid);
        }
        return new SiteConfig.LedgerConfig(n.string("methodology", defaultMethod), n.optionalString("sensitivity"),
                interval,
                grid);
    }

    private static SiteConfig.UplinkConfig uplink(ConfigNode n) {
        n.allowOnly("broker", "ca", "cert", "key", "username", "password-file", "registry-key");
        String broker = n.string("broker");
        if (!broker.matches("(tcp|ssl)://[^\\s:/]+(:\\d{1,5})?")) {
            throw n.error("broker", "a URL such as ssl://registry.example:8883 or tcp://127.0.0.1:1883", broker);
        }
        boolean tls = broker.startsWith("ssl://");
        Optional<Path> ca = n.optionalString("ca").map(Path::of);
        Optional<Path> cert = n.optionalString("cert").map(Path::of);
        Optional<Path> key = n.optionalString("key").map(Path::of);
        if (tls && ca.isEmpty()) {
            throw n.error("ca", "the registry's CA certificate (PEM) to pin for an ssl:// broker", "nothing");
        }
        if (cert.isPresent() != key.isPresent()) {
            throw n.error("cert", "given together with 'key' (the client certificate and its private key)",
                    cert.isPresent() ? "a cert without a key" : "a key without a cert");
        }
        return new SiteConfig.UplinkConfig(broker, ca, cert, key, n.optionalString("username"),
                n.optionalString("password-file").map(Path::of), registryKeys(n));
    }

    /** {@code registry-key}: one base64 key, or a list of them while the registry rotates its key. */
    private static List<String> registryKeys(ConfigNode n) {
        if (!n.has("registry-key")) {
            return List.of();
        }
        List<String> keys = n.isList("registry-key") ? n.strings("registry-key") : List.of(n.string("registry-key"));
        for (String k : keys) {
            try {
                Ed25519Verifier.ofBase64(k.strip());
            } catch (IllegalArgumentException e) {
                throw n.error("registry-key", "the registry's Ed25519 public key in base64 (44 characters, what"
                        + " 'edgetally-registry keys show' prints)", k);
            }
        }
        return keys.stream().map(String::strip).toList();
    }

    private static SiteConfig.CoapConfig coap(Optional<ConfigNode> section) {
        if (section.isEmpty()) {
            return new SiteConfig.CoapConfig("0.0.0.0", 5683, 5684, Optional.empty(), Optional.empty());
        }
        ConfigNode n = section.get();
        n.allowOnly("bind", "port", "dtls-port", "psk-identity", "psk-secret-file");
        Optional<String> identity = n.optionalString("psk-identity");
        Optional<Path> secret = n.optionalString("psk-secret-file").map(Path::of);
        if (identity.isPresent() != secret.isPresent()) {
            throw n.error("psk-identity", "given together with 'psk-secret-file' (operator actions need both)",
                    identity.isPresent() ? "an identity without a secret file" : "a secret file without an identity");
        }
        return new SiteConfig.CoapConfig(n.string("bind", "0.0.0.0"), n.integer("port", 0, 65535, 5683),
                n.integer("dtls-port", 0, 65535, 5684), identity, secret);
    }
}
