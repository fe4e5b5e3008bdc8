package io.edgetally.io.plc;

import java.nio.charset.StandardCharsets;

/**
 * The station PLC's Modbus register map, version {@value #MAP_VERSION}: the one place its addresses live. The PLC
 * (or the swap robot's controller) is the Modbus server, edgetally the client. Every address is a zero-based
 * holding register (function 03 to read, 16 to write), because most PLCs' Modbus servers expose one holding-register
 * data block and nothing else. The table an integrator implements is in {@code docs/station.md}.
 *
 * <ul>
 *   <li>header, read: map version, slot count, PLC heartbeat, trucks waiting, swap ring size, last swap sequence</li>
 *   <li>control, written by edgetally each cycle in one request: its watchdog counter, the watchdog timeout, and
 *       one grid-side power limit per slot</li>
 *   <li>one block per slot, read: charger status, pack present, pack id, SOC, temperature, BMS fault</li>
 *   <li>the swap ring, read: the last {@code ring size} completed swaps, record {@code seq} at index
 *       {@code (seq - 1) mod ring size}, its sequence number written last</li>
 * </ul>
 */
public final class StationPlcMap {

    private StationPlcMap() {}

    public static final int MAP_VERSION = 1;
    public static final int MAX_SLOTS = 64;
    public static final int MAX_RING = 64;

    // header
    public static final int VERSION = 0;
    public static final int SLOT_COUNT = 1;
    public static final int HEARTBEAT = 2;
    public static final int TRUCKS_WAITING = 3;
    public static final int RING_SIZE = 4;
    /** uint32, high word first: the sequence number of the newest swap record, 0 before the first */
    public static final int LAST_SEQUENCE = 5;
    public static final int HEADER_LENGTH = 8;

    // control (written by edgetally)
    /** edgetally adds 1 (mod 65536) with every write; the PLC holds every charger at 0 kW once it stops changing */
    public static final int WATCHDOG = 100;
    /** seconds without a new watchdog value after which the PLC falls back to 0 kW */
    public static final int WATCHDOG_TIMEOUT_S = 101;
    /** slot i's grid-side power limit at {@code SETPOINT_BASE + i}, in 0.1 kW */
    public static final int SETPOINT_BASE = 110;

    // slots: slot i at SLOT_BASE + i * SLOT_STRIDE
    public static final int SLOT_BASE = 200;
    public static final int SLOT_STRIDE = 15;
    public static final int SLOT_STATUS = 0;
    public static final int SLOT_PACK_PRESENT = 1;
    /** {@value #ID_REGISTERS} registers of ASCII, two characters a register, high byte first, NUL padded */
    public static final int SLOT_PACK_ID = 2;
    /** 0.1 %, 0..1000 */
    public static final int SLOT_SOC = 10;
    /** signed 0.1 °C, {@link #TEMPERATURE_INVALID} when the BMS has no valid value */
    public static final int SLOT_TEMPERATURE = 11;
    /** 0 = none, else the BMS's fault code: the pack must not be charged */
    public static final int SLOT_BMS_FAULT = 12;

    // swap ring: record k at RING_BASE + k * RECORD_STRIDE
    public static final int RING_BASE = 2000;
    public static final int RECORD_STRIDE = 40;
    /** uint32; written last, so a record is taken only when its sequence is the one expected */
    public static final int REC_SEQUENCE = 0;
    public static final int REC_TRUCK_ID = 2;
    public static final int REC_SLOT = 10;
    public static final int REC_PACK_OUT = 11;
    public static final int REC_PACK_IN = 19;
    public static final int REC_SOC_OUT = 27;
    public static final int REC_SOC_IN = 28;
    /** uint32 Unix epoch seconds, as are the two after it */
    public static final int REC_ARRIVED = 29;
    public static final int REC_STARTED = 31;
    public static final int REC_COMPLETED = 33;
    public static final int RECORD_LENGTH = 35;

    public static final int ID_REGISTERS = 8;
    public static final int ID_CHARS = 2 * ID_REGISTERS;
    public static final int TEMPERATURE_INVALID = 0x8000;

    /** Charger status codes at {@link #SLOT_STATUS}. */
    public static final int STATUS_READY = 1;
    public static final int STATUS_FAULT = 2;
    public static final int STATUS_OFFLINE = 3;

    public static int slotAddress(int slot, int field) {
        return SLOT_BASE + slot * SLOT_STRIDE + field;
    }

    public static int recordAddress(int index, int field) {
        return RING_BASE + index * RECORD_STRIDE + field;
    }

    /** Where swap {@code sequence} (1, 2, ...) sits in a ring of {@code ringSize} records. */
    public static int ringIndex(long sequence, int ringSize) {
        return (int) ((sequence - 1) % ringSize);
    }

    /**
     * What is wrong with a header block (registers 0..{@value #HEADER_LENGTH}-1) for a station of {@code slots}, naming
     * the register; null when it fits.
     */
    public static String headerProblem(int[] header, int slots) {
        if (header[VERSION] != MAP_VERSION) {
            return describe(VERSION, "map version") + " is " + header[VERSION] + ", expected " + MAP_VERSION;
        }
        if (header[SLOT_COUNT] != slots) {
            return describe(SLOT_COUNT, "slot count") + " is " + header[SLOT_COUNT]
                    + ", but station.slots in the configuration is " + slots;
        }
        if (header[RING_SIZE] < 1 || header[RING_SIZE] > MAX_RING) {
            return describe(RING_SIZE, "swap ring size") + " is " + header[RING_SIZE] + ", expected 1.." + MAX_RING;
        }
        return null;
    }

    /** "holding register 205 (slot 0 pack id)": how every error names a register. */
    public static String describe(int address, String what) {
        return "holding register " + address + " (" + what + ")";
    }

    /** Up to {@link #ID_CHARS} printable ASCII characters into {@link #ID_REGISTERS} words. */
    public static int[] encodeId(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > ID_CHARS || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("id '" + id + "' is not 1.." + ID_CHARS
                    + " printable ASCII characters without spaces");
        }
        int[] words = new int[ID_REGISTERS];
        for (int i = 0; i < bytes.length; i++) {
            words[i / 2] |= (bytes[i] & 0xFF) << (i % 2 == 0 ? 8 : 0);
        }
        return words;
    }

    /**
     * The id in {@code words[from..from+8)}: characters up to the first NUL. Empty when the first character is NUL;
     * null when a character is not printable ASCII (the caller names the register).
     */
    public static String decodeId(int[] words, int from) {
        StringBuilder s = new StringBuilder(ID_CHARS);
        for (int i = 0; i < ID_CHARS; i++) {
            int w = words[from + i / 2];
            int c = i % 2 == 0 ? (w >>> 8) & 0xFF : w & 0xFF;
            if (c == 0) {
                break;
            }
            if (c <= 0x20 || c >= 0x7F) {
                return null;
            }
            s.append((char) c);
        }
        return s.toString();
    }

    public static long uint32(int[] words, int from) {
        return ((long) (words[from] & 0xFFFF) << 16) | (words[from + 1] & 0xFFFF);
    }

    public static void putUint32(int[] words, int from, long value) {
        words[from] = (int) (value >>> 16) & 0xFFFF;
        words[from + 1] = (int) value & 0xFFFF;
    }

    /** Power in kW as the PLC reads it: 0.1 kW, rounded down so the sum never exceeds what the controller planned. */
    public static int setpointWord(double kw) {
        return (int) Math.min(0xFFFF, Math.floor(kw * 10 + 1e-9));
    }

    /** A temperature register: signed 0.1 °C. */
    public static int temperatureWord(double celsius) {
        long v = Math.round(celsius * 10);
        if (v < Short.MIN_VALUE + 1 || v > Short.MAX_VALUE) {
            return TEMPERATURE_INVALID;
        }
        return (int) v & 0xFFFF;
    }
}
