package io.edgetally.config;

import io.edgetally.io.meter.MeterModels;
import io.edgetally.protocol.SiteKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole site configuration ({@code /etc/edgetally/edgetally.yaml}), read and checked in one go: a file with
 * one mistake is refused whole, with the line and key named, so the service never starts half-configured.
 */
public record SiteConfig(
        String site,
        String device,
        SiteKind kind,
        Path dataDir,
        Duration cycle,
        Optional<BarnConfig> barn,
        Optional<StationConfig> station,
        IoConfig io,
        LedgerConfig ledger,
        Optional<UplinkConfig> uplink,
        CoapConfig coap,
        Optional<Path> clockSyncFile) {

    public enum Heating {
        RESISTIVE,
        HEAT_PUMP
    }

    /** @param schedule a built-in schedule id (lower-leaf, middle-leaf, upper-leaf) or a path to a schedule file */
    public record BarnConfig(String schedule, Heating heating, int heaterStages, double heaterStageKw,
                             double freshLeafKg, Duration damperStroke) {}

    public record Pin(int bcm, boolean activeLow) {}

    /** @param provider gpiod (Pi 5 and older), linuxfs, or mock (simulator and tests) */
    public record GpioConfig(String provider, Map<String, Pin> relays, Map<String, Pin> inputs) {}

    public record OneWireConfig(Path basePath, Map<String, String> probes) {}

    public sealed interface MeterLink {
        record Tcp(String host, int port) implements MeterLink {}

        record Rtu(String port, int baud, String parity, int dataBits, int stopBits) implements MeterLink {}

        /** An S0 pulse output on a GPIO input (model {@code s0}). */
        record S0(int bcm, boolean activeLow, double pulsesPerKwh, Duration debounce) implements MeterLink {}
    }

    public record MeterConfig(String name, String model, MeterLink link, int unitId, double maxPowerKw) {}

    /**
     * One temperature channel of an RS-485 or TCP transmitter ({@code io.modbus-probes}).
     *
     * @param holding the value is in a holding register (function 03) rather than an input register (04)
     * @param scale   °C per count, e.g. 0.1
     */
    public record ModbusProbeConfig(String name, MeterLink link, int unitId, int register, boolean holding,
                                    double scale, boolean signed, double minCelsius, double maxCelsius) {}

    /**
     * A Modbus relay board ({@code io.relay-board}): relay name to coil address, input name to discrete input.
     */
    public record RelayBoardConfig(MeterLink link, int unitId, Map<String, Integer> relayCoils,
                                   Map<String, Integer> inputs) {}

    /**
     * @param modbusProbes temperature probes on Modbus transmitters, by name (next to the 1-Wire ones)
     * @param relayBoard   relays and inputs on a Modbus relay board (next to, or instead of, GPIO)
     */
    public record IoConfig(GpioConfig gpio, OneWireConfig oneWire, List<MeterConfig> meters,
                           Map<String, ModbusProbeConfig> modbusProbes, Optional<RelayBoardConfig> relayBoard) {

        public IoConfig(GpioConfig gpio, OneWireConfig oneWire, List<MeterConfig> meters) {
            this(gpio, oneWire, meters, Map.of(), Optional.empty());
        }
    }

    /**
     * @param grid the grid emission factor by place and year, e.g. {@code sichuan-2022} or {@code national-2023}
     */
    public record LedgerConfig(String methodology, Optional<String> sensitivity, Duration interval, String grid) {

        /** The factor table's region code: {@code CN-SC} for Sichuan, {@code CN} for the national grid. */
        public String gridRegion() {
            return grid.startsWith("sichuan-") ? "CN-SC" : "CN";
        }

        public int gridYear() {
            return Integer.parseInt(grid.substring(grid.lastIndexOf('-') + 1));
        }
    }

    public record UplinkConfig(String broker, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                               Optional<String> username, Optional<Path> passwordFile) {}

    public record CoapConfig(String bind, int port, int dtlsPort, Optional<String> pskIdentity,
                             Optional<Path> pskSecretFile) {}

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern PROBE = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{12}");

    public static SiteConfig load(Path file) {
        return from(ConfigNode.load(file));
    }

    public static SiteConfig from(ConfigNode root) {
        root.allowOnly("site", "device", "kind", "data-dir", "cycle", "barn", "station", "io", "ledger", "uplink",
                "coap", "clock-sync-file");
        String site = id(root, "site");
        String device = id(root, "device");
        SiteKind kind = root.enumValue("kind", SiteKind.class);
        Path dataDir = Path.of(root.string("data-dir", "/var/lib/edgetally"));
        Duration cycle = root.duration("cycle", Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(15));
        Optional<BarnConfig> barn = Optional.empty();
        if (kind == SiteKind.CURING_BARN) {
            barn = Optional.of(barn(root.section("barn")));
        } else if (root.has("barn")) {
            throw root.error("barn", "absent for a swap-station site (kind: swap-station)", "a barn section");
        }
        IoConfig io = io(root.section("io"), kind);
        LedgerConfig ledger = ledger(root.optionalSection("ledger"), kind);
        Optional<UplinkConfig> uplink = root.optionalSection("uplink").map(SiteConfig::uplink);
        CoapConfig coap = coap(root.optionalSection("coap"));
        Optional<Path> clockSync = root.optionalString("clock-sync-file").map(Path::of);
        Optional<StationConfig> station = kind == SiteKind.SWAP_STATION
                ? Optional.of(StationConfig.from(root.optionalSection("station"))) : Optional.empty();
        if (kind != SiteKind.SWAP_STATION && root.has("station")) {
            throw root.error("station", "absent for a curing-barn site (kind: curing-barn)", "a station section");
        }
        return new SiteConfig(site, device, kind, dataDir, cycle, barn, station, io, ledger, uplink, coap, clockSync);
    }

    private static String id(ConfigNode n, String key) {
        String v = n.string(key);
        if (!ID.matcher(v).matches()) {
            throw n.error(key, "lower-case letters, digits, '.', '_' or '-' (at most 63, starting with a letter or digit)", v);
        }
        return v;
    }

    private static BarnConfig barn(ConfigNode n) {
        n.allowOnly("schedule", "heating", "heater-stages", "heater-stage-kw", "fresh-leaf-kg", "damper-stroke");
        Heating heating = n.enumValue("heating", Heating.class, Heating.RESISTIVE);
        int stages = n.integer("heater-stages", 1, 6, heating == Heating.HEAT_PUMP ? 1 : 3);
        if (heating == Heating.HEAT_PUMP && stages != 1) {
            throw n.error("heater-stages", "1 for a heat pump (one compressor)", Integer.toString(stages));
        }
        return new BarnConfig(
                n.string("schedule", "middle-leaf"),
                heating,
                stages,
                n.number("heater-stage-kw", 0.5, 100, heating == Heating.HEAT_PUMP ? 16 : 18),
                n.number("fresh-leaf-kg", 100, 10_000, 4_000),
                n.duration("damper-stroke", Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(120)));
    }

    private static IoConfig io(ConfigNode n, SiteKind kind) {
        n.allowOnly("gpio", "onewire", "meter", "meters", "modbus-probes", "relay-board");
        // a station's chargers are driven through its PLC: it may have no relay of its own
        if (kind == SiteKind.CURING_BARN && !n.has("gpio") && !n.has("relay-board")) {
            throw n.error("a 'gpio' section or a 'relay-board' section for the relays and inputs");
        }
        String provider = "gpiod";
        Map<String, Pin> relays = Map.of();
        Map<String, Pin> inputs = Map.of();
        if (n.has("gpio")) {
            ConfigNode g = n.section("gpio");
            g.allowOnly("provider", "relays", "inputs");
            provider = g.string("provider", "gpiod");
            if (!List.of("gpiod", "linuxfs", "mock").contains(provider)) {
                throw g.error("provider", "one of [gpiod, linuxfs, mock]", provider);
            }
            relays = g.has("relays") || !n.has("relay-board") ? pins(g.section("relays")) : Map.of();
            inputs = g.has("inputs") ? pins(g.section("inputs")) : Map.of();
        }
        OneWireConfig oneWire = new OneWireConfig(Path.of("/sys/bus/w1/devices"), Map.of());
        if (n.has("onewire")) {
            ConfigNode w = n.section("onewire");
            Map<String, String> probes = new LinkedHashMap<>();
            for (String key : w.keys()) {
                if (key.equals("base-path")) {
                    continue;
                }
                String probeId = w.string(key);
                if (!PROBE.matcher(probeId).matches()) {
                    throw w.error(key, "a 1-Wire device id such as 28-0316a2790dff", probeId);
                }
                probes.put(key, probeId);
            }
            oneWire = new OneWireConfig(Path.of(w.string("base-path", "/sys/bus/w1/devices")), probes);
        }
        List<MeterConfig> meters;
        if (n.has("meter") && n.has("meters")) {
            throw n.error("meters", "used alone: write either 'meter' (one) or 'meters' (a list)", "both");
        } else if (n.has("meter")) {
            meters = List.of(meter(n.section("meter"), "meter"));
        } else {
            meters = n.sections("meters").stream().map(m -> meter(m, m.string("name"))).toList();
        }
        Map<String, ModbusProbeConfig> modbusProbes = new LinkedHashMap<>();
        if (n.has("modbus-probes")) {
            ConfigNode mp = n.section("modbus-probes");
            for (String name : mp.keys()) {
                if (oneWire.probes().containsKey(name)) {
                    throw mp.error(name, "in one place only: probe '" + name + "' is also under io.onewire",
                            "both");
                }
                modbusProbes.put(name, FieldIoSections.modbusProbe(mp.section(name), name));
            }
        }
        Optional<RelayBoardConfig> relayBoard = Optional.empty();
        if (n.has("relay-board")) {
            relayBoard = Optional.of(FieldIoSections.relayBoard(n.section("relay-board"), relays, inputs));
        }
        for (MeterConfig m : meters) {
            if (m.link() instanceof MeterLink.Rtu meterRtu) {
                boolean shared = modbusProbes.values().stream().anyMatch(p -> sameSerialPort(p.link(), meterRtu))
                        || relayBoard.filter(b -> sameSerialPort(b.link(), meterRtu)).isPresent();
                if (shared) {
                    throw n.error("meter '" + m.name() + "' shares serial port " + meterRtu.port()
                            + " with a probe or the relay board; give the meter its own RS-485 adapter");
                }
            }
        }
        return new IoConfig(new GpioConfig(provider, relays, inputs), oneWire, meters, modbusProbes, relayBoard);
    }

    private static boolean sameSerialPort(MeterLink link, MeterLink.Rtu rtu) {
        return link instanceof MeterLink.Rtu other && other.port().equals(rtu.port());
    }

    private static Map<String, Pin> pins(ConfigNode n) {
        Map<String, Pin> out = new LinkedHashMap<>();
        Map<Integer, String> used = new LinkedHashMap<>();
        for (String name : n.keys()) {
            ConfigNode p = n.section(name);
            p.allowOnly("pin", "active-low");
            int bcm = p.integer("pin", 0, 27);
            String clash = used.put(bcm, name);
            if (clash != null) {
                throw p.error("pin", "a pin no other relay or input uses (GPIO" + bcm + " is already '" + clash + "')",
                        Integer.toString(bcm));
            }
            out.put(name, new Pin(bcm, p.bool("active-low", false)));
        }
        return out;
    }

    private static MeterConfig meter(ConfigNode m, String name) {
        m.allowOnly("name", "model", "tcp", "rtu", "s0", "unit", "max-power-kw");
        String model = m.string("model");
        if (!MeterModels.names().contains(model)) {
            throw m.error("model", "one of " + MeterModels.names(), model);
        }
        double maxPowerKw = m.number("max-power-kw", 0.1, 100_000, 100);
        if (model.equals(MeterModels.S0) != m.has("s0")) {
            throw m.error("s0", model.equals(MeterModels.S0) ? "the pulse input, e.g. {pin: 22, pulses-per-kwh: 1000}"
                    : "absent unless the model is s0", model.equals("s0") ? "nothing" : "an s0 section");
        }
        MeterLink link = model.equals(MeterModels.S0) ? FieldIoSections.s0(m, maxPowerKw) : link(m);
        return new MeterConfig(name, model, link, m.integer("unit", 1, 247, 1), maxPowerKw);
    }

    /** A Modbus link: {@code tcp: host:port} or {@code rtu: {port: /dev/ttyUSB0, baud: 9600, ...}}. */
    static MeterLink link(ConfigNode m) {
        if (m.has("tcp") == m.has("rtu")) {
            throw m.error("exactly one of 'tcp: host:port' or 'rtu: {port: /dev/ttyUSB0, baud: 9600}'");
        } else if (m.has("tcp")) {
            String hp = m.string("tcp");
            int colon = hp.lastIndexOf(':');
            int port = 502;
            String host = hp;
            if (colon > 0) {
                host = hp.substring(0, colon);
                try {
                    port = Integer.parseInt(hp.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw m.error("tcp", "host:port with a numeric port", hp);
                }
                if (port < 1 || port > 65535) {
                    throw m.error("tcp", "a port from 1 to 65535", hp);
                }
            }
            return new MeterLink.Tcp(host, port);
        } else {
            ConfigNode r = m.section("rtu");
            r.allowOnly("port", "baud", "parity", "data-bits", "stop-bits");
            String parity = r.string("parity", "none");
            if (!List.of("none", "even", "odd").contains(parity)) {
                throw r.error("parity", "one of [none, even, odd]", parity);
            }
            int baud = r.integer("baud", 1200, 115_200, 9600);
            return new MeterLink.Rtu(r.string("port"), baud, parity, r.integer("data-bits", 7, 8, 8),
                    r.integer("stop-bits", 1, 2, 1));
        }
    }

    private static LedgerConfig ledger(Optional<ConfigNode> section, SiteKind kind) {
        String defaultMethod = kind == SiteKind.CURING_BARN ? "sichuan-2023-thermal" : "swap-diesel";
        if (section.isEmpty()) {
            return new LedgerConfig(defaultMethod, Optional.empty(), Duration.ofMinutes(15), "sichuan-2022");
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
        return new LedgerConfig(n.string("methodology", defaultMethod), n.optionalString("sensitivity"), interval,
                grid);
    }

    private static UplinkConfig uplink(ConfigNode n) {
        n.allowOnly("broker", "ca", "cert", "key", "username", "password-file");
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
        return new UplinkConfig(broker, ca, cert, key, n.optionalString("username"),
                n.optionalString("password-file").map(Path::of));
    }

    private static CoapConfig coap(Optional<ConfigNode> section) {
        if (section.isEmpty()) {
            return new CoapConfig("0.0.0.0", 5683, 5684, Optional.empty(), Optional.empty());
        }
        ConfigNode n = section.get();
        n.allowOnly("bind", "port", "dtls-port", "psk-identity", "psk-secret-file");
        Optional<String> identity = n.optionalString("psk-identity");
        Optional<Path> secret = n.optionalString("psk-secret-file").map(Path::of);
        if (identity.isPresent() != secret.isPresent()) {
            throw n.error("psk-identity", "given together with 'psk-secret-file' (operator actions need both)",
                    identity.isPresent() ? "an identity without a secret file" : "a secret file without an identity");
        }
        return new CoapConfig(n.string("bind", "0.0.0.0"), n.integer("port", 0, 65535, 5683),
                n.integer("dtls-port", 0, 65535, 5684), identity, secret);
    }
}
