package io.edgetally.io.meter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The meter models a site config names with a meter's {@code model:} key: each Modbus model with its register map,
 * and {@value #S0}, a pulse input. Adding a model means one class holding its {@link MeterRegisterMap} (with the
 * vendor's register map named) and one line here.
 */
public final class MeterModels {

    /** An S0 pulse meter on a GPIO pin: no register map. */
    public static final String S0 = "s0";

    private static final Map<String, MeterRegisterMap> MODBUS = modbus();

    private MeterModels() {
    }

    private static Map<String, MeterRegisterMap> modbus() {
        Map<String, MeterRegisterMap> m = new LinkedHashMap<>();
        m.put("sdm630", EastronSdm630.MAP);
        m.put("sdm120", EastronSdm120.MAP);
        m.put("ddsu666", ChintDdsu666.MAP);
        m.put("dtsu666", ChintDtsu666.MAP);
        m.put("djsf1352", AcrelDjsf1352.MAP);
        return Collections.unmodifiableMap(m);
    }

    /** Every name a config may use, Modbus models first, e.g. {@code [sdm630, ..., djsf1352, s0]}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(MODBUS.keySet());
        names.add(S0);
        return List.copyOf(names);
    }

    /** The Modbus model names, e.g. {@code [sdm630, sdm120, ddsu666, dtsu666, djsf1352]}. */
    public static List<String> modbusNames() {
        return List.copyOf(MODBUS.keySet());
    }

    /** The register map of a Modbus model name; empty for {@value #S0} and unknown names. */
    public static Optional<MeterRegisterMap> registerMap(String name) {
        return Optional.ofNullable(MODBUS.get(name));
    }
}
