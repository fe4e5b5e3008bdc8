package io.edgetally.sim.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Simulated DS18B20 probes as the Linux w1_therm driver shows them: one folder per probe id under a base
 * folder, each with a {@code w1_slave} file of two lines (scratchpad with CRC verdict, then {@code t=}
 * millidegrees). Each file is written to a temporary name and renamed, so a reader never sees half a file.
 * Faults per probe: CRC failure, probe missing (folder removed), power-on 85 °C value, shorted data line.
 * Thread-safe.
 */
public final class SimOneWireBus {

    public enum Fault {
        NONE,
        /** scratchpad corrupted in transit: the kernel reports crc=.. NO */
        CRC_FAILURE,
        /** probe gone from the bus: its folder disappears */
        MISSING,
        /** conversion never ran: the scratchpad's reset value 85 °C, with a good CRC */
        POWER_ON_VALUE,
        /** data line held low: all-zero scratchpad, which passes the CRC */
        SHORTED
    }

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    /** TH, TL, configuration (12-bit), reserved: what a DS18B20 holds after power-up with default settings */
    private static final byte[] TAIL = {0x4b, 0x46, 0x7f, (byte) 0xff};

    private final Path folder;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    /** What each probe's file holds now: a conversion that reads the same is not written again. */
    private final Map<String, String> lastWritten = new ConcurrentHashMap<>();

    public SimOneWireBus(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create simulated 1-Wire folder " + folder, e);
        }
    }

    /** The base path to give {@code Ds18b20Probe}. */
    public Path folder() {
        return folder;
    }

    public void setFault(String probeId, Fault fault) {
        faults.put(probeId, fault);
        if (fault == Fault.MISSING) {
            removeProbe(probeId);
        }
    }

    /** Writes what the probe reports now for a true temperature of {@code celsius}, given its fault. */
    public synchronized void write(String probeId, double celsius) {
        Fault fault = faults.getOrDefault(probeId, Fault.NONE);
        if (fault == Fault.MISSING) {
            removeProbe(probeId);
            return;
        }
        byte[] pad = switch (fault) {
            case POWER_ON_VALUE -> scratchpad(85.0);
            case SHORTED -> new byte[9];
            default -> scratchpad(celsius);
        };
        boolean crcOk = crc8(pad, 8) == (pad[8] & 0xFF);
        if (fault == Fault.CRC_FAILURE) {
            pad[1] ^= 0x04; // one flipped bit on the wire
            crcOk = false;
        }
        int raw = (short) ((pad[1] & 0xFF) << 8 | (pad[0] & 0xFF));
        String bytes = HEX.formatHex(pad);
        String content = bytes + " : crc=" + HEX.toHexDigits(pad[8]) + (crcOk ? " YES" : " NO") + "\n"
                + bytes + " t=" + Math.round(raw * 62.5) + "\n";
        if (!content.equals(lastWritten.get(probeId))) {
            writeAtomically(probeId, content);
            lastWritten.put(probeId, content);
        }
    }

    private static byte[] scratchpad(double celsius) {
        int raw = (int) Math.round(celsius * 16);
        byte[] pad = new byte[9];
        pad[0] = (byte) raw;
        pad[1] = (byte) (raw >> 8);
        System.arraycopy(TAIL, 0, pad, 2, TAIL.length);
        pad[6] = (byte) (0x10 - (raw & 0x0F)); // COUNT REMAIN, as the chip reports it
        pad[7] = 0x10;
        pad[8] = (byte) crc8(pad, 8);
        return pad;
    }

    /** Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected), as in the DS18B20 datasheet. */
    static int crc8(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                boolean mix = ((crc ^ b) & 1) != 0;
                crc >>>= 1;
                if (mix) {
                    crc ^= 0x8C;
                }
                b >>>= 1;
            }
        }
        return crc;
    }

    private void writeAtomically(String probeId, String content) {
        Path dir = folder.resolve(probeId);
        Path tmp = dir.resolve(".w1_slave.tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, dir.resolve("w1_slave"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve("w1_slave"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulated probe file under " + dir, e);
        }
    }

    private synchronized void removeProbe(String probeId) {
        lastWritten.remove(probeId);
        Path dir = folder.resolve(probeId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove simulated probe folder " + dir, e);
        }
    }
}
