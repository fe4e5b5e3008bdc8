package io.edgetally.io.meter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An S0 meter's cumulative pulse count in a small text file ({@code pulses=12345}), written to a temporary
 * file, forced to the disk and renamed over the old one, so a power cut leaves the old count or the new one,
 * never half a file.
 */
final class PulseCountFile {

    private final Path file;

    PulseCountFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The saved count, 0 when there is no file yet (a new meter). */
    long load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (!text.startsWith("pulses=")) {
            throw new IOException(file + " is damaged: expected 'pulses=<count>', found '" + text + "'");
        }
        try {
            long count = Long.parseLong(text.substring("pulses=".length()));
            if (count < 0) {
                throw new IOException(file + " is damaged: negative pulse count " + count);
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IOException(file + " is damaged: expected 'pulses=<count>', found '" + text + "'", e);
        }
    }

    void save(long pulses) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(("pulses=" + pulses + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
