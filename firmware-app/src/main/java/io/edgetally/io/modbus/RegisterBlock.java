package io.edgetally.io.modbus;

/**
 * One read request: {@code count} contiguous registers (or bits) of one kind from one unit.
 *
 * @param unitId Modbus unit (slave) id, 0..247
 * @param kind   input or holding registers, coils or discrete inputs
 * @param start  first register address (zero-based, as sent on the wire)
 * @param count  number of 16-bit registers, 1..125 (the protocol's limit for one read)
 */
public record RegisterBlock(int unitId, RegisterKind kind, int start, int count) {

    /** Modbus application protocol spec v1.1b3, function codes 03/04: at most 125 registers per request. */
    public static final int MAX_COUNT = 125;

    public RegisterBlock {
        if (unitId < 0 || unitId > 247) {
            throw new IllegalArgumentException("Modbus unit id must be 0..247, got " + unitId);
        }
        if (start < 0 || start > 0xFFFF) {
            throw new IllegalArgumentException("register address must be 0..0xFFFF, got " + start);
        }
        if (count < 1 || count > MAX_COUNT || start + count - 1 > 0xFFFF) {
            throw new IllegalArgumentException("register count must be 1.." + MAX_COUNT
                    + " within the address space, got " + count + " from " + String.format("0x%04X", start));
        }
    }

    public int end() {
        return start + count;
    }

    public boolean covers(int address, int registers) {
        return address >= start && address + registers <= end();
    }

    /** e.g. {@code "unit 1 input registers 0x0034..0x0049"}. */
    public String describe() {
        return "unit " + unitId + " " + kind.plural() + String.format(" 0x%04X..0x%04X", start, end() - 1);
    }
}
