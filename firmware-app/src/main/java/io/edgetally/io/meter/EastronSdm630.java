package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import io.edgetally.io.modbus.RegisterField.Encoding;
import io.edgetally.io.modbus.RegisterKind;
import java.util.Optional;

/**
 * Eastron SDM630 three-phase meter (SDM630-Modbus V2 and SDM630MCT). Source: Eastron, "SDM630 Modbus Protocol"
 * register map, input registers 3xxxx and holding registers 4xxxx: all values IEEE-754 float32, high word
 * first; the serial number is a uint32 in holding registers 0xFC00/0xFC01. The meter answers reads that span
 * unused addresses in the measurement block (they read as zero), so power and energy come in one request.
 */
public final class EastronSdm630 {

    /** 30053 "Total system power", W */
    public static final int TOTAL_SYSTEM_POWER = 0x0034;
    /** 30073 "Total import kWh" */
    public static final int TOTAL_IMPORT_KWH = 0x0048;
    /** 30075 "Total export kWh" */
    public static final int TOTAL_EXPORT_KWH = 0x004A;
    /** 464513 "Serial number", uint32 */
    public static final int SERIAL_NUMBER = 0xFC00;

    /**
     * The map as data: input registers, float32 high word first; power and energy in one request (gaps up to 64
     * registers are answered as zeros); the protocol document limits one request to 40 parameters (80 registers).
     */
    public static final MeterRegisterMap MAP = new MeterRegisterMap("Eastron", "SDM630",
            new RegisterField("import kWh", RegisterKind.INPUT, TOTAL_IMPORT_KWH, Encoding.FLOAT32), 1,
            new RegisterField("total system power W", RegisterKind.INPUT, TOTAL_SYSTEM_POWER, Encoding.FLOAT32), 1,
            Optional.empty(),
            Optional.of(new RegisterField("serial number", RegisterKind.HOLDING, SERIAL_NUMBER, Encoding.UINT32)),
            64, 80);

    private EastronSdm630() {}
}
