package io.edgetally.cli;

import java.io.PrintStream;

/**
 * One sub-command of the {@code edgetally} command line, registered under its words ({@code run},
 * {@code keys init}, {@code demo barn}). {@link Cli} reads its arguments against {@link #usage()} before it runs.
 */
public interface Command {

    Usage usage();

    /** Runs with the arguments read; returns the process exit code. */
    int run(Args args, PrintStream out, PrintStream err) throws Exception;
}
