/**
 * The command line (top layer): {@link io.edgetally.cli.Main} and the thin commands — {@code run}
 * ({@link io.edgetally.cli.RunCommand}), {@code status} (the operator's terminal view, {@link
 * io.edgetally.cli.StatusView}), {@code verify}, {@code keys init|show}, {@code doctor}. Every command declares its
 * {@link io.edgetally.cli.Usage}; {@link io.edgetally.cli.Cli} reads the line against it with the one parser, {@link
 * io.edgetally.cli.Args}, so every command answers {@code --help} and names a wrong option. The simulator's launcher
 * registers its commands ({@code demo}, {@code sim}) on the same {@code Cli}.
 */
package io.edgetally.cli;
