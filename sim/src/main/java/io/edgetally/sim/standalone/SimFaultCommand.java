package io.edgetally.sim.standalone;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Usage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code edgetally sim fault --dir DIR FAULT [PROBE]}: puts a fault on the simulated barn running in {@code DIR}
 * ({@code edgetally sim barn --dir DIR}); {@code clear [FAULT [PROBE]]} takes one or every fault away; with no words
 * it lists the faults shown now. The simulator takes the change up at its next step (within a second).
 */
public final class SimFaultCommand implements Command {

    private static final Usage USAGE = new Usage("[--dir DIR] [FAULT [PROBE] | clear [FAULT [PROBE]]]",
            "puts a fault on the running simulated barn, or clears it, so each alarm can be rehearsed; faults: "
                    + SimFault.SPELLINGS,
            List.of(Usage.Option.value("dir", "DIR", "the simulated barn's folder, as given to sim barn (default "
                    + "sim-barn)")),
            "[FAULT [PROBE] | clear [FAULT [PROBE]]]", 3);

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) {
        Path dir = Path.of(a.option("dir", "sim-barn"));
        if (!Files.isDirectory(dir)) {
            throw new Cli.UsageException("--dir " + dir + ": no such folder; give the folder of a running "
                    + "'edgetally sim barn --dir DIR'");
        }
        FaultFile file = new FaultFile(dir);
        List<String> words = a.positional();
        Set<SimFault> now;
        String done;
        try {
            if (words.isEmpty()) {
                now = file.read();
                done = "";
            } else if (words.get(0).equals("clear")) {
                if (words.size() == 1) {
                    file.clear();
                    now = Set.of();
                    done = "cleared every fault";
                } else {
                    SimFault fault = SimFault.parse(words.subList(1, words.size()));
                    if (!file.read().contains(fault)) {
                        err.println("edgetally sim fault: " + fault.words() + " was not on; nothing changed");
                    }
                    now = file.remove(fault);
                    done = "cleared " + fault.words();
                }
            } else {
                SimFault fault = SimFault.parse(words);
                now = file.add(fault);
                done = "put on " + fault.words();
            }
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageException(e.getMessage());
        }
        if (!done.isEmpty()) {
            out.println("edgetally sim fault: " + done + " (" + file.path().toAbsolutePath() + ")");
        }
        out.println(now.isEmpty() ? "the simulated barn shows no fault"
                : "the simulated barn shows: " + String.join(", ", now.stream().map(SimFault::words).toList()));
        return Cli.OK;
    }
}
