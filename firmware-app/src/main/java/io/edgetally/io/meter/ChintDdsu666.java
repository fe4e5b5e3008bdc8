package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import io.edgetally.io.modbus.RegisterField.Encoding;
import io.edgetally.io.modbus.RegisterKind;
import java.util.Optional;

/**
 * Chint DDSU666 single-phase meter. Source: Chint, "DDSU666 single phase electronic energy meter (DIN-rail)
 * operation manual" ZTY0.464.1036, appendix A (MODBUS-RTU): read with function 03, IEEE-754 float32 high word
 * first; active power P at 0x2004 in kW, forward (import) active energy ImpEp at 0x4000 in kWh. The meter has
 * no serial-number register in that map, so its id is the model with the endpoint and unit id.
 */
public final class ChintDdsu666 {

    /** "P", active power, kW */
    public static final int ACTIVE_POWER = 0x2004;
    /** "ImpEp", forward active total energy, kWh */
    public static final int IMPORT_ACTIVE_ENERGY = 0x4000;

    /**
     * The map as data: power in kW; power and energy are 0x1FFC registers apart, so two requests and no bridging.
     */
    public static final MeterRegisterMap MAP = new MeterRegisterMap("Chint", "DDSU666",
            new RegisterField("import kWh", RegisterKind.HOLDING, IMPORT_ACTIVE_ENERGY, Encoding.FLOAT32), 1,
            new RegisterField("active power kW", RegisterKind.HOLDING, ACTIVE_POWER, Encoding.FLOAT32), 1000,
            Optional.empty(), Optional.empty(),
            0, 40);

    private ChintDdsu666() {}
}
