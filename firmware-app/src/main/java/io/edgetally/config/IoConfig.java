package io.edgetally.config;

import io.edgetally.io.meter.MeterModels;
import io.edgetally.protocol.SiteKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code io:} section: where every relay, input, probe and meter of the site is wired (GPIO pins, 1-Wire
 * probes, Modbus transmitters, a Modbus relay board, kWh meters on Modbus or S0 pulses).
 *
 * @param modbusProbes temperature probes on Modbus transmitters, by name (next to the 1-Wire ones)
 * @param relayBoard   relays and inputs on a Modbus relay board (next to, or instead of, GPIO)
 */
public record IoConfig(GpioConfig gpio, OneWireConfig oneWire, List<MeterConfig> meters,
                       Map<String, ModbusProbeConfig> modbusProbes, Optional<RelayBoardConfig> relayBoard) {

    public IoConfig(GpioConfig gpio, OneWireConfig oneWire, List<MeterConfig> meters) {
        this(gpio, oneWire, meters, Map.of(), Optional.empty());
    }

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

    /** Whether anything is on the Pi's own pins: relays, inputs, or an S0 meter's pulse input. */
    public boolean usesGpio() {
        return !gpio.relays().isEmpty() || !gpio.inputs().isEmpty()
                || meters.stream().anyMatch(m -> m.link() instanceof MeterLink.S0);
    }

    private static final Pattern PROBE = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{12}");

    static IoConfig from(ConfigNode n, SiteKind kind) {
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
                modbusProbes.put(name, modbusProbe(mp.section(name), name));
            }
        }
        Optional<RelayBoardConfig> relayBoard = Optional.empty();
        if (n.has("relay-board")) {
            relayBoard = Optional.of(relayBoard(n.section("relay-board"), relays, inputs));
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
        MeterLink link = model.equals(MeterModels.S0) ? s0(m, maxPowerKw) : link(m);
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

    private static ModbusProbeConfig modbusProbe(ConfigNode p, String name) {
        p.allowOnly("tcp", "rtu", "unit", "register", "kind", "scale", "signed", "min", "max");
        String kind = p.string("kind", "input");
        if (!List.of("input", "holding").contains(kind)) {
            throw p.error("kind", "input (function 04) or holding (function 03)", kind);
        }
        double scale = p.number("scale", -1000, 1000, 0.1);
        if (scale == 0) {
            throw p.error("scale", "a non-zero number of °C per count, such as 0.1", "0");
        }
        double min = p.number("min", -273, 1000, -40);
        double max = p.number("max", -273, 1000, 125);
        if (min >= max) {
            throw p.error("max", "above min (" + min + ")", Double.toString(max));
        }
        return new ModbusProbeConfig(name, link(p), p.integer("unit", 1, 247, 1), p.integer("register", 0, 65535),
                kind.equals("holding"), scale, p.bool("signed", true), min, max);
    }

    private static RelayBoardConfig relayBoard(ConfigNode b, Map<String, Pin> gpioRelays, Map<String, Pin> gpioInputs) {
        b.allowOnly("tcp", "rtu", "unit", "relays", "inputs");
        Map<String, Integer> coils = addresses(b.section("relays"), "coil", gpioRelays.keySet());
        Map<String, Integer> inputs = b.has("inputs")
                ? addresses(b.section("inputs"), "discrete-input", gpioInputs.keySet()) : Map.of();
        return new RelayBoardConfig(link(b), b.integer("unit", 1, 247, 1), coils, inputs);
    }

    private static Map<String, Integer> addresses(ConfigNode n, String key, Set<String> onGpio) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<Integer, String> used = new LinkedHashMap<>();
        for (String name : n.keys()) {
            if (onGpio.contains(name)) {
                throw n.error(name, "in one place only: '" + name + "' is also under io.gpio", "both");
            }
            ConfigNode a = n.section(name);
            a.allowOnly(key);
            int address = a.integer(key, 0, 65535);
            String clash = used.put(address, name);
            if (clash != null) {
                throw a.error(key, "an address no other " + n.path() + " entry uses (" + address + " is already '"
                        + clash + "')", Integer.toString(address));
            }
            out.put(name, address);
        }
        return out;
    }

    private static MeterLink.S0 s0(ConfigNode m, double maxPowerKw) {
        if (m.has("tcp") || m.has("rtu")) {
            throw m.error("s0", "alone: an S0 meter has no Modbus link", "s0 with tcp or rtu");
        }
        ConfigNode p = m.section("s0");
        p.allowOnly("pin", "active-low", "pulses-per-kwh", "debounce");
        double perKwh = p.number("pulses-per-kwh", 0.01, 100_000);
        Duration debounce = p.duration("debounce", Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(10));
        // At full power pulses come every 3600 / (pulses-per-kWh * kW) seconds; a debounce over half that would
        // swallow real pulses.
        double fastestPeriodMs = 3_600_000.0 / (perKwh * maxPowerKw);
        if (debounce.toMillis() * 2 > fastestPeriodMs) {
            throw p.error("debounce", "under half the pulse period at max-power-kw (" + Math.round(fastestPeriodMs)
                    + " ms)", debounce.toMillis() + "ms");
        }
        return new MeterLink.S0(p.integer("pin", 0, 27), p.bool("active-low", true), perKwh, debounce);
    }
}
