package io.edgetally.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of the {@code edgetally} command line. */
public interface Command {

    /** One line for the usage list. */
    String summary();

    /** Runs with the arguments after the command's name; returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
