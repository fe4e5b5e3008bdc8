package io.edgetally.sim.io;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.edgetally.io.meter.ChintDdsu666;
import io.edgetally.io.meter.ChintDtsu666;
import io.edgetally.io.meter.EastronSdm120;
import io.edgetally.io.meter.EastronSdm630;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The register table of a simulated meter, computed afresh for every request from live suppliers, so each
 * answer is one consistent snapshot. Eastron layout from the SDM630 and SDM120 Modbus protocol documents (the
 * addresses {@link EastronSdm630} and {@link EastronSdm120} read): measurement block in input registers
 * 0x0000..0x017F (unused addresses read 0, as on the real meters), serial number in holding registers
 * 0xFC00/0xFC01. Chint DDSU666 layout from its manual's MODBUS-RTU appendix ({@link ChintDdsu666}): holding
 * registers 0x2000..0x2011 (power in kW) and 0x4000..0x400B (energy in kWh), no serial number. Chint DTSU666
 * layout as {@link ChintDtsu666} reads it: holding registers 0x2000..0x2045 in raw units (0.1 V, 0.001 A,
 * 0.1 W, 0.01 Hz) and 0x101E..0x1031 (import and export energy with their phase parts, kWh). Acrel DJSF1352 DC
 * meter: holding registers 0x0000..0x0013 ({@link AcrelDcRegisters}), no input registers, no serial number. Any
 * other address is answered with exception 02 (illegal data address).
 *
 * <p>{@link #setStrict strict}: as some meters and many gateways do, a request for a range that holds any register
 * no parameter of the table occupies (the unused addresses between power and energy) is answered with exception 02
 * too, though every parameter on its own is answered.
 */
final class MeterRegisterImage extends SimpleProcessImage {

    static final int INPUT_BLOCK_END = 0x0180;
    private static final int VOLTAGE_L1 = 0x0000;
    private static final int FREQUENCY = 0x0046;
    /** "Total kWh" = import + export, 30343 on both models */
    private static final int TOTAL_KWH = 0x0156;

    private final SimModbusMeterServer.Model model;
    private final DoubleSupplier importKwh;
    private final DoubleSupplier powerW;
    private final LongSupplier serialNumber;
    private volatile int powerDecimalPoint = AcrelDcRegisters.DEFAULT_POWER_DECIMAL_POINT;
    private volatile boolean strict;

    MeterRegisterImage(SimModbusMeterServer.Model model, int unitId, DoubleSupplier importKwh, DoubleSupplier powerW,
            LongSupplier serialNumber) {
        super(unitId);
        this.model = model;
        this.importKwh = importKwh;
        this.powerW = powerW;
        this.serialNumber = serialNumber;
    }

    @Override
    public InputRegister[] getInputRegisterRange(int ref, int count) {
        if (!isEastron() || ref < 0 || count < 1 || ref + count > INPUT_BLOCK_END) {
            throw new IllegalAddressException(String.format("input registers 0x%04X+%d", ref, count));
        }
        Table table = new Table(INPUT_BLOCK_END);
        double kwh = importKwh.getAsDouble();
        double watts = powerW.getAsDouble();
        putFloat(table, VOLTAGE_L1, 230.0);
        putFloat(table, FREQUENCY, 50.0);
        putFloat(table, TOTAL_KWH, kwh);
        switch (model) {
            case SDM630 -> {
                putFloat(table, VOLTAGE_L1 + 2, 230.0);
                putFloat(table, VOLTAGE_L1 + 4, 230.0);
                putFloat(table, EastronSdm630.TOTAL_SYSTEM_POWER, watts);
                putFloat(table, EastronSdm630.TOTAL_IMPORT_KWH, kwh);
                putFloat(table, EastronSdm630.TOTAL_EXPORT_KWH, 0.0);
            }
            case SDM120 -> {
                putFloat(table, EastronSdm120.ACTIVE_POWER, watts);
                putFloat(table, EastronSdm120.IMPORT_ACTIVE_ENERGY, kwh);
                putFloat(table, EastronSdm120.EXPORT_ACTIVE_ENERGY, 0.0);
            }
            case DDSU666, DTSU666, DJSF1352 -> { } // refused above: no input registers in their maps
        }
        int[] words = table.range("input registers", ref, count);
        InputRegister[] registers = new InputRegister[count];
        for (int i = 0; i < count; i++) {
            registers[i] = new SimpleInputRegister(words[i]);
        }
        return registers;
    }

    @Override
    public Register[] getRegisterRange(int ref, int count) {
        int[] words = switch (model) {
            case DDSU666 -> chintHolding(ref, count);
            case DTSU666 -> chintThreePhaseHolding(ref, count);
            case SDM630, SDM120 -> eastronHolding(ref, count);
            case DJSF1352 -> acrelHolding(ref, count);
        };
        Register[] registers = new Register[count];
        for (int i = 0; i < count; i++) {
            registers[i] = new SimpleRegister(words[i]);
        }
        return registers;
    }

    private int[] eastronHolding(int ref, int count) {
        int serialAt = EastronSdm630.SERIAL_NUMBER;
        if (ref < serialAt || count < 1 || ref + count > serialAt + 2) {
            throw new IllegalAddressException(String.format("holding registers 0x%04X+%d", ref, count));
        }
        long serial = serialNumber.getAsLong();
        int[] serialWords = {(int) (serial >>> 16) & 0xFFFF, (int) serial & 0xFFFF};
        int[] words = new int[count];
        System.arraycopy(serialWords, ref - serialAt, words, 0, count);
        return words;
    }

    private int[] chintHolding(int ref, int count) {
        Table table = new Table(0x400C);
        if (ref >= 0x2000 && count >= 1 && ref + count <= 0x2012) {
            putFloat(table, 0x2000, 230.0);
            putFloat(table, ChintDdsu666.ACTIVE_POWER, powerW.getAsDouble() / 1000.0);
            putFloat(table, 0x200E, 50.0);
        } else if (ref >= 0x4000 && count >= 1 && ref + count <= 0x400C) {
            putFloat(table, ChintDdsu666.IMPORT_ACTIVE_ENERGY, importKwh.getAsDouble());
        } else {
            throw new IllegalAddressException(String.format("holding registers 0x%04X+%d", ref, count));
        }
        return table.range("holding registers", ref, count);
    }

    private int[] chintThreePhaseHolding(int ref, int count) {
        Table table = new Table(0x2046);
        if (ref >= 0x2000 && count >= 1 && ref + count <= 0x2046) {
            for (int phase = 0; phase < 3; phase++) {
                putFloat(table, 0x2000 + 2 * phase, 4000.0); // line voltages, 0.1 V
                putFloat(table, 0x2006 + 2 * phase, 2300.0); // phase voltages, 0.1 V
            }
            double deciWatts = powerW.getAsDouble() * 10.0;
            putFloat(table, ChintDtsu666.TOTAL_ACTIVE_POWER, deciWatts);
            for (int phase = 0; phase < 3; phase++) {
                putFloat(table, 0x200C + 2 * phase, powerW.getAsDouble() / 3.0 / 230.0 * 1000.0); // 0.001 A
                putFloat(table, ChintDtsu666.TOTAL_ACTIVE_POWER + 2 + 2 * phase, deciWatts / 3.0);
            }
            putFloat(table, 0x2044, 5000.0); // 0.01 Hz
        } else if (ref >= ChintDtsu666.IMPORT_ACTIVE_ENERGY && count >= 1 && ref + count <= 0x1032) {
            double kwh = importKwh.getAsDouble();
            putFloat(table, ChintDtsu666.IMPORT_ACTIVE_ENERGY, kwh);
            for (int phase = 0; phase < 3; phase++) {
                putFloat(table, ChintDtsu666.IMPORT_ACTIVE_ENERGY + 2 + 2 * phase, kwh / 3.0);
            }
            putFloat(table, ChintDtsu666.IMPORT_ACTIVE_ENERGY + 8, kwh); // net import
        } else {
            throw new IllegalAddressException(String.format("holding registers 0x%04X+%d", ref, count));
        }
        return table.range("holding registers", ref, count);
    }

    /** The DJSF1352's power decimal point DP from now on (any 16-bit value, also ones no meter would show). */
    void setPowerDecimalPoint(int decimalPoint) {
        powerDecimalPoint = decimalPoint;
    }

    private int[] acrelHolding(int ref, int count) {
        if (ref < 0 || count < 1 || ref + count > AcrelDcRegisters.BLOCK_END) {
            throw new IllegalAddressException(String.format("holding registers 0x%04X+%d", ref, count));
        }
        int[] table = AcrelDcRegisters.table(importKwh.getAsDouble(), powerW.getAsDouble(), powerDecimalPoint);
        int[] words = new int[count];
        System.arraycopy(table, ref, words, 0, count);
        return words;
    }

    /**
     * Strict (true): a range holding any register no parameter occupies is refused with exception 02, as by a meter
     * or gateway that does not answer for unused addresses; lenient (false, the default): those read as 0.
     */
    void setStrict(boolean strict) {
        this.strict = strict;
    }

    private boolean isEastron() {
        return model == SimModbusMeterServer.Model.SDM630 || model == SimModbusMeterServer.Model.SDM120;
    }

    private static void putFloat(Table table, int address, double value) {
        int bits = Float.floatToIntBits((float) value);
        table.put(address, bits >>> 16);
        table.put(address + 1, bits & 0xFFFF);
    }

    /** One answer's registers, with which of them a parameter occupies (what a strict meter answers for). */
    private final class Table {
        private final int[] words;
        private final boolean[] occupied;

        Table(int size) {
            words = new int[size];
            occupied = new boolean[size];
        }

        void put(int address, int word) {
            words[address] = word;
            occupied[address] = true;
        }

        int[] range(String kind, int ref, int count) {
            if (strict) {
                for (int a = ref; a < ref + count; a++) {
                    if (!occupied[a]) {
                        throw new IllegalAddressException(String.format("%s 0x%04X+%d: 0x%04X is no parameter",
                                kind, ref, count, a));
                    }
                }
            }
            int[] out = new int[count];
            System.arraycopy(words, ref, out, 0, count);
            return out;
        }
    }
}
