package io.edgetally.io.modbus;

/**
 * One named value in a device's register map.
 *
 * @param name     what it is, with its unit, e.g. {@code "import kWh"}
 * @param kind     input or holding register
 * @param address  first register (zero-based wire address)
 * @param encoding how the registers hold the value
 */
public record RegisterField(String name, RegisterKind kind, int address, Encoding encoding) {

    /**
     * Value encodings of the meters here. Most meters store 32-bit values high word first (Modbus's big-endian
     * habit); some firmware swaps the two words, which the {@code _LOW_WORD_FIRST} encodings read.
     */
    public enum Encoding {
        FLOAT32(2),
        UINT32(2),
        FLOAT32_LOW_WORD_FIRST(2),
        UINT32_LOW_WORD_FIRST(2),
        /** one register, two's complement */
        INT16(1),
        UINT16(1);

        private final int registers;

        Encoding(int registers) {
            this.registers = registers;
        }

        public int registers() {
            return registers;
        }
    }

    public RegisterField {
        if (address < 0 || address + encoding.registers() - 1 > 0xFFFF) {
            throw new IllegalArgumentException("register address out of range for " + name + ": " + address);
        }
    }

    public int registers() {
        return encoding.registers();
    }

    /** e.g. {@code "input register 0x0048 (import kWh)"}. */
    public String describe() {
        return kind.describe(address) + " (" + name + ")";
    }

    /** The value from a block that covers this field. */
    public double decode(ModbusResult.Registers registers) {
        return switch (encoding) {
            case FLOAT32 -> registers.float32At(address);
            case UINT32 -> registers.uint32At(address);
            case FLOAT32_LOW_WORD_FIRST -> Float.intBitsToFloat((int) registers.uint32LowWordFirstAt(address));
            case UINT32_LOW_WORD_FIRST -> registers.uint32LowWordFirstAt(address);
            case INT16 -> (short) registers.wordAt(address);
            case UINT16 -> registers.wordAt(address);
        };
    }
}
