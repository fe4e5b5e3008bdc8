package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import io.edgetally.io.modbus.RegisterField.Encoding;
import io.edgetally.io.modbus.RegisterKind;
import java.util.Optional;

/**
 * Acrel DJSF1352-RN rail-mounted DC energy meter (shunt or Hall-sensor input, up to DC 1000 V), the DC meter of
 * many Chinese DC chargers. No source here covers the DJSF1352-D or -EF variants. Acrel's manual (V1.8, 2019)
 * is public, but its Modbus address table could not be read as text, so this map rests on three drivers that
 * agree, checked against a fourth that does not.
 *
 * <p>Sources and what they say:
 * <ul>
 * <li>EVerest's Acrel_DJSF1352_RN module (everest-core, Apache-2.0): one function-03 read of holding registers
 * 0x0000..0x0013. DC voltage 0x0000 times 10^(DPT - 3) with DPT at 0x0001; current 0x0002 (int16) times
 * 10^(DCT - 3), DCT at 0x0003; power 0x0008 (int16) times 10^(DP - 3), DP at 0x0009, published as W; total
 * forward active energy 0x000C/0x000D and reverse 0x000E/0x000F, uint32 high word first, published as Wh with no
 * further scale.</li>
 * <li>A charger maker's firmware driver (EN+, 2022-2024) with frames captured from a meter: function 03 reads,
 * 10 writes; the same registers and the same 10^(decimal point - 3) rule; 0x0004 broken-wire flag, 0x0005
 * internal temperature in 0.1 degC, 0x0010 voltage ratio, 0x0011 rated primary current, 0x0012 DI/DO, 0x0013
 * alarm bits. It reads the energy as a raw uint32 and names no unit.</li>
 * <li>A gateway's driver (C++): 16 holding registers from 0x0000 by function 03, power times 10^(DP - 3) times
 * 0.001 to kW (so W before that), energy as a raw uint32.</li>
 * <li>Disagreeing: one site integration (Python) scales the energy at 0x000C by 0.0001 kWh (0.1 Wh), not Wh,
 * and reads voltage, current and power as float32 at 0x0032..0x0037 (power in kW); a simulator spec of another
 * project lists the same float block "until the real manual arrives". No other source has that block.</li>
 * </ul>
 *
 * <p>Decision: function 03; power 0x0008 int16 (signed: negative is reverse flow) in W after 10^(DP - 3);
 * import energy 0x000C uint32 high word first, in Wh. One request covers 0x0008..0x000D (0x000A/0x000B are
 * reserved and answered, as the 20-register read shows). A DP outside 0..6 is no scale a meter would set (at 6 a
 * 16-bit power reaches 32 MW), and such a read is refused rather than booked. Uncertain: the energy unit (if a
 * meter counts 0.1 Wh, {@code edgetally doctor} shows ten times the kWh on its display); whether the registers are
 * primary values (no source applies the voltage ratio or rated current at 0x0010/0x0011, nor does this map).
 * The uint32 wraps at 4,294,967.295 kWh, years away at a charger's 1.5 MWh a day. The manual's text says the
 * two-channel meter answers on two consecutive Modbus addresses, one per channel; the charger maker's driver reads
 * one address per charging gun with this map. The map has no serial-number register, so the meter id is the model
 * with the endpoint and unit id.
 */
public final class AcrelDjsf1352 {

    /** DC voltage, scaled by 10^(DPT - 3) V; DPT is the next register */
    public static final int DC_VOLTAGE = 0x0000;
    /** DC current (int16), scaled by 10^(DCT - 3) A; DCT is the next register */
    public static final int DC_CURRENT = 0x0002;
    /** power (int16), scaled by 10^(DP - 3) W */
    public static final int POWER = 0x0008;
    /** "DP", the power register's decimal point */
    public static final int POWER_DECIMAL_POINT = 0x0009;
    /** total forward (import) active energy, uint32 high word first, Wh */
    public static final int FORWARD_ACTIVE_ENERGY = 0x000C;
    /** total reverse active energy, uint32 high word first, Wh */
    public static final int REVERSE_ACTIVE_ENERGY = 0x000E;

    /**
     * The map as data: energy in Wh; power scaled by its decimal point DP (exponent offset 3, 0..6 accepted);
     * 0x000A/0x000B between power and energy are reserved and answered, so one request of 6 registers; 20 registers
     * (0x0000..0x0013) is the largest block a field-deployed driver reads in one request.
     */
    public static final MeterRegisterMap MAP = new MeterRegisterMap("Acrel", "DJSF1352",
            new RegisterField("forward active energy Wh", RegisterKind.HOLDING, FORWARD_ACTIVE_ENERGY,
                    Encoding.UINT32), 1000,
            new RegisterField("power W x 10^(DP-3)", RegisterKind.HOLDING, POWER, Encoding.INT16), 1,
            Optional.of(new MeterRegisterMap.DecimalPoint(new RegisterField("power decimal point DP",
                    RegisterKind.HOLDING, POWER_DECIMAL_POINT, Encoding.UINT16), 3, 0, 6)),
            Optional.empty(),
            2, 20);

    private AcrelDjsf1352() {}
}
