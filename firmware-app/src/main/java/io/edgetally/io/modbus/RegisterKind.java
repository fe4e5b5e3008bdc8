package io.edgetally.io.modbus;

/**
 * The four Modbus data tables, with the function code that reads each: 16-bit registers (meters, transmitters)
 * and single bits (relay-board coils and their digital inputs). A bit read arrives as one word per bit, 0 or 1.
 */
public enum RegisterKind {
    /** read-only measurements, function code 04 */
    INPUT(4, "input register", "input registers"),
    /** configuration and identity, function code 03 */
    HOLDING(3, "holding register", "holding registers"),
    /** output bits (relays), read with function code 01, written with 05 or 15 */
    COIL(1, "coil", "coils"),
    /** read-only input bits (contacts), function code 02 */
    DISCRETE_INPUT(2, "discrete input", "discrete inputs");

    private final int readFunctionCode;
    private final String label;
    private final String plural;

    RegisterKind(int readFunctionCode, String label, String plural) {
        this.readFunctionCode = readFunctionCode;
        this.label = label;
        this.plural = plural;
    }

    public int readFunctionCode() {
        return readFunctionCode;
    }

    /** Whether this table holds single bits rather than 16-bit words. */
    public boolean isBit() {
        return this == COIL || this == DISCRETE_INPUT;
    }

    /** e.g. {@code "input register 0x0048"}, for error messages. */
    public String describe(int address) {
        return label + " " + String.format("0x%04X", address);
    }

    /** e.g. {@code "input registers"}. */
    public String plural() {
        return plural;
    }
}
