package io.edgetally.io.modbus;

/** The two Modbus register tables a meter is read from, with the function code that reads each. */
public enum RegisterKind {
    /** read-only measurements, function code 04 */
    INPUT(4, "input register"),
    /** configuration and identity, function code 03 */
    HOLDING(3, "holding register");

    private final int readFunctionCode;
    private final String label;

    RegisterKind(int readFunctionCode, String label) {
        this.readFunctionCode = readFunctionCode;
        this.label = label;
    }

    public int readFunctionCode() {
        return readFunctionCode;
    }

    /** e.g. {@code "input register 0x0048"}, for error messages. */
    public String describe(int address) {
        return label + " " + String.format("0x%04X", address);
    }
}
