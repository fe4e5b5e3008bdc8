package io.edgetally.io.modbus;

import java.util.Arrays;
import java.util.OptionalInt;

/** The outcome of one register read. Drivers return failures as values; nothing is thrown past them. */
public sealed interface ModbusResult {

    /** The registers as read, one unsigned 16-bit value per element. */
    record Registers(RegisterBlock block, int[] words) implements ModbusResult {

        public Registers {
            if (words.length != block.count()) {
                throw new IllegalArgumentException(block.describe() + ": expected " + block.count()
                        + " registers, got " + words.length);
            }
            words = words.clone();
        }

        @Override
        public int[] words() {
            return words.clone();
        }

        /** The unsigned 16-bit value at {@code address}. */
        public int wordAt(int address) {
            requireCovered(address, 1);
            return words[address - block.start()] & 0xFFFF;
        }

        /** A 32-bit value stored high word first (big-endian word order), as Eastron and Chint meters do. */
        public long uint32At(int address) {
            requireCovered(address, 2);
            int i = address - block.start();
            return ((long) (words[i] & 0xFFFF) << 16) | (words[i + 1] & 0xFFFF);
        }

        /** A 32-bit value stored low word first (little-endian word order, "word swapped"). */
        public long uint32LowWordFirstAt(int address) {
            requireCovered(address, 2);
            int i = address - block.start();
            return ((long) (words[i + 1] & 0xFFFF) << 16) | (words[i] & 0xFFFF);
        }

        /** An IEEE-754 float stored high word first. */
        public float float32At(int address) {
            return Float.intBitsToFloat((int) uint32At(address));
        }

        private void requireCovered(int address, int registers) {
            if (!block.covers(address, registers)) {
                throw new IllegalArgumentException(String.format("register 0x%04X (+%d) is outside %s",
                        address, registers - 1, block.describe()));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Registers r && r.block.equals(block) && Arrays.equals(r.words, words);
        }

        @Override
        public int hashCode() {
            return 31 * block.hashCode() + Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Registers[" + block.describe() + " " + Arrays.toString(words) + "]";
        }
    }

    /**
     * No values; {@code reason} names the endpoint, unit and registers and what went wrong.
     *
     * @param exceptionCode the Modbus exception code the device answered ({@link FailureKind#EXCEPTION_RESPONSE}
     *                      only), e.g. 2 for "illegal data address"
     */
    record Failure(FailureKind kind, String reason, OptionalInt exceptionCode) implements ModbusResult {

        /** Modbus application protocol v1.1b3, section 7: the address range asked for is not all valid. */
        public static final int ILLEGAL_DATA_ADDRESS = 2;

        /** A failure without an exception answer (no connection, no answer, a broken frame, ...). */
        public Failure(FailureKind kind, String reason) {
            this(kind, reason, OptionalInt.empty());
        }

        /** The device answered exception 2: it refuses (part of) the range asked for, and is alive. */
        public boolean illegalDataAddress() {
            return exceptionCode.isPresent() && exceptionCode.getAsInt() == ILLEGAL_DATA_ADDRESS;
        }
    }

    default boolean isOk() {
        return this instanceof Registers;
    }
}
