package io.edgetally.sim.io;

import io.edgetally.io.meter.AcrelDjsf1352;

/**
 * The holding registers 0x0000..0x0013 of a simulated Acrel DJSF1352-RN DC meter, as {@link AcrelDjsf1352}
 * documents them: 16-bit values with a decimal-point register each (value x 10^(point - 3)), energies as uint32 Wh
 * high word first. Set up as a meter ordered for a 1000 V / 500 A charger: voltage in 0.1 V, current in 0.1 A,
 * power in 100 W (10 W would cap a signed 16-bit power at 327 kW, under a 400 kW charger).
 */
final class AcrelDcRegisters {

    static final int BLOCK_END = 0x0014;
    static final int VOLTAGE_DECIMAL_POINT = 2;
    static final int CURRENT_DECIMAL_POINT = 2;
    static final int DEFAULT_POWER_DECIMAL_POINT = 5;
    /** The DC bus voltage shown: about an LFP truck pack's (some 180 cells in series); the model has no voltage. */
    static final double BUS_VOLTS = 600.0;
    private static final int INTERNAL_TEMPERATURE_DECI_C = 350;
    private static final int RATED_PRIMARY_CURRENT_A = 500;

    private AcrelDcRegisters() {
    }

    /** The whole block for a snapshot; {@code powerDecimalPoint} as the meter's DP register shows it. */
    static int[] table(double importKwh, double powerW, int powerDecimalPoint) {
        int[] t = new int[BLOCK_END];
        t[AcrelDjsf1352.DC_VOLTAGE] = (int) Math.round(BUS_VOLTS / scale(VOLTAGE_DECIMAL_POINT));
        t[AcrelDjsf1352.DC_VOLTAGE + 1] = VOLTAGE_DECIMAL_POINT;
        t[AcrelDjsf1352.DC_CURRENT] = int16(powerW / BUS_VOLTS / scale(CURRENT_DECIMAL_POINT));
        t[AcrelDjsf1352.DC_CURRENT + 1] = CURRENT_DECIMAL_POINT;
        t[0x0005] = INTERNAL_TEMPERATURE_DECI_C;
        t[AcrelDjsf1352.POWER] = int16(powerW / scale(powerDecimalPoint));
        t[AcrelDjsf1352.POWER_DECIMAL_POINT] = powerDecimalPoint & 0xFFFF;
        long wh = (long) Math.floor(importKwh * 1000) & 0xFFFF_FFFFL; // a register counts whole Wh and wraps
        t[AcrelDjsf1352.FORWARD_ACTIVE_ENERGY] = (int) (wh >>> 16);
        t[AcrelDjsf1352.FORWARD_ACTIVE_ENERGY + 1] = (int) (wh & 0xFFFF);
        // reverse energy (0x000E/0x000F) stays 0: a charger's meter sees no flow back
        t[0x0010] = 1; // voltage ratio
        t[0x0011] = RATED_PRIMARY_CURRENT_A;
        return t;
    }

    private static double scale(int decimalPoint) {
        return Math.pow(10, decimalPoint - 3);
    }

    /** Two's complement in one register, clipped at the register's range. */
    private static int int16(double value) {
        long v = Math.round(value);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)) & 0xFFFF;
    }
}
