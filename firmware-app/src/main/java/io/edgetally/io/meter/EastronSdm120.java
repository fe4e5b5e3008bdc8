package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import io.edgetally.io.modbus.RegisterField.Encoding;
import io.edgetally.io.modbus.RegisterKind;
import java.util.Optional;

/**
 * Eastron SDM120-Modbus single-phase meter. Source: Eastron, "SDM120 Modbus Protocol" register map: input
 * registers float32 high word first, serial number uint32 in holding registers 0xFC00/0xFC01. Like the SDM630
 * it answers reads across unused addresses of its measurement block, so power and energy come in one request.
 */
public final class EastronSdm120 {

    /** 30013 "Active power", W */
    public static final int ACTIVE_POWER = 0x000C;
    /** 30073 "Import active energy", kWh */
    public static final int IMPORT_ACTIVE_ENERGY = 0x0048;
    /** 30075 "Export active energy", kWh */
    public static final int EXPORT_ACTIVE_ENERGY = 0x004A;
    /** 464513 "Serial number", uint32 */
    public static final int SERIAL_NUMBER = 0xFC00;

    /** The map as data: as the SDM630's, power and energy in one request of at most 80 registers. */
    public static final MeterRegisterMap MAP = new MeterRegisterMap("Eastron", "SDM120",
            new RegisterField("import kWh", RegisterKind.INPUT, IMPORT_ACTIVE_ENERGY, Encoding.FLOAT32), 1,
            new RegisterField("active power W", RegisterKind.INPUT, ACTIVE_POWER, Encoding.FLOAT32), 1,
            Optional.empty(),
            Optional.of(new RegisterField("serial number", RegisterKind.HOLDING, SERIAL_NUMBER, Encoding.UINT32)),
            64, 80);

    private EastronSdm120() {}
}
