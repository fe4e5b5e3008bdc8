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
public final class ChintDdsu666 implements MeterRegisterMap {

    /** "P", active power, kW */
    public static final int ACTIVE_POWER = 0x2004;
    /** "ImpEp", forward active total energy, kWh */
    public static final int IMPORT_ACTIVE_ENERGY = 0x4000;

    private static final RegisterField IMPORT = new RegisterField("import kWh", RegisterKind.HOLDING,
            IMPORT_ACTIVE_ENERGY, Encoding.FLOAT32);
    private static final RegisterField POWER = new RegisterField("active power kW", RegisterKind.HOLDING,
            ACTIVE_POWER, Encoding.FLOAT32);

    @Override
    public String model() {
        return "DDSU666";
    }

    @Override
    public RegisterField importKwh() {
        return IMPORT;
    }

    @Override
    public RegisterField power() {
        return POWER;
    }

    @Override
    public double powerToWatts() {
        return 1000.0;
    }

    @Override
    public Optional<RegisterField> serialNumber() {
        return Optional.empty();
    }

    /** Power and energy are 0x1FFC registers apart: two requests, no bridging. */
    @Override
    public int maxGapRegisters() {
        return 0;
    }

    @Override
    public int maxRegistersPerRequest() {
        return 40;
    }
}
