package io.edgetally.sim.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The faults the running simulator shows, in {@code DIR/faults.txt}: one fault per line in its words
 * ({@code probe-open dry-bulb}), {@code #} starts a comment. {@code edgetally sim fault} writes it (replacing it
 * whole, so the simulator never reads half a file); the simulator reads it every step. A file, not a socket: it is
 * kept across a restart of the simulator like the barn's world, and a script or a person can read and edit it.
 */
public final class FaultFile {

    /** The file's name in the simulator's folder. */
    public static final String NAME = "faults.txt";

    private final Path file;

    public FaultFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /**
     * The faults in the file, none if there is no file.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     */
    public Set<SimFault> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        Set<SimFault> out = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                out.add(SimFault.parse(Arrays.asList(text.split("\\s+"))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Adds {@code fault} (no change if it is already there); returns the faults now in the file. */
    public Set<SimFault> add(SimFault fault) {
        Set<SimFault> faults = new LinkedHashSet<>(read());
        faults.add(fault);
        write(faults);
        return faults;
    }

    /** Removes {@code fault}; returns the faults now in the file. */
    public Set<SimFault> remove(SimFault fault) {
        Set<SimFault> faults = new LinkedHashSet<>(read());
        faults.remove(fault);
        write(faults);
        return faults;
    }

    /** Removes every fault. */
    public void clear() {
        write(Set.of());
    }

    private void write(Set<SimFault> faults) {
        List<String> lines = new ArrayList<>();
        lines.add("# faults the simulated barn shows now (edgetally sim fault --dir DIR ... changes them)");
        faults.forEach(f -> lines.add(f.words()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(NAME + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }
}
