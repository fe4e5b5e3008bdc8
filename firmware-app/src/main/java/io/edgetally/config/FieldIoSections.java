package io.edgetally.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The io section's Modbus transmitters, Modbus relay board and S0 pulse meters, read for {@link SiteConfig}. */
final class FieldIoSections {

    private FieldIoSections() {}

    static SiteConfig.ModbusProbeConfig modbusProbe(ConfigNode p, String name) {
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
        return new SiteConfig.ModbusProbeConfig(name, SiteConfig.link(p), p.integer("unit", 1, 247, 1),
                p.integer("register", 0, 65535), kind.equals("holding"), scale, p.bool("signed", true), min, max);
    }

    static SiteConfig.RelayBoardConfig relayBoard(ConfigNode b, Map<String, SiteConfig.Pin> gpioRelays,
            Map<String, SiteConfig.Pin> gpioInputs) {
        b.allowOnly("tcp", "rtu", "unit", "relays", "inputs");
        Map<String, Integer> coils = addresses(b.section("relays"), "coil", gpioRelays.keySet());
        Map<String, Integer> inputs = b.has("inputs")
                ? addresses(b.section("inputs"), "discrete-input", gpioInputs.keySet()) : Map.of();
        return new SiteConfig.RelayBoardConfig(SiteConfig.link(b), b.integer("unit", 1, 247, 1), coils, inputs);
    }

    static Map<String, Integer> addresses(ConfigNode n, String key, Set<String> onGpio) {
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

    static SiteConfig.MeterLink.S0 s0(ConfigNode m, double maxPowerKw) {
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
        return new SiteConfig.MeterLink.S0(p.integer("pin", 0, 27), p.bool("active-low", true), perKwh, debounce);
    }
}
