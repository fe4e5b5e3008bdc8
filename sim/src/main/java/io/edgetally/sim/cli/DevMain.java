package io.edgetally.sim.cli;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Main;
import io.edgetally.cli.Usage;
import io.edgetally.registry.cli.RegistryMain;
import io.edgetally.sim.demo.BarnDemoCommand;
import io.edgetally.sim.demo.StationDemoCommand;
import io.edgetally.sim.standalone.SimBarnCommand;
import io.edgetally.sim.standalone.SimFaultCommand;
import io.edgetally.sim.standalone.SimStationCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The developer's {@code ./edgetally}: the firmware's commands plus the simulator's ({@code demo barn|station},
 * {@code sim barn|station|fault}), read by the firmware's one argument parser, and {@code registry COMMAND ...},
 * the registry's own command line ({@code edgetally-registry} on a server) handed every word after
 * {@code registry}.
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        boolean runsOn = args.length > 0 && (args[0].equals("run")
                || (args[0].equals("sim") && args.length > 1 && !args[1].equals("fault"))
                || (args[0].equals("registry") && args.length > 1 && args[1].equals("serve")));
        if (code != 0 || !runsOn) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("registry")) {
            // the registry parses its own options (and answers --help): it is the same command line as on a server
            return RegistryMain.of(out, err).run(Arrays.copyOfRange(args, 1, args.length));
        }
        return cli().run(args, out, err);
    }

    public static Cli cli() {
        return Main.cli()
                .register("demo barn", new BarnDemoCommand())
                .register("demo station", new StationDemoCommand())
                .register("sim barn", new SimBarnCommand())
                .register("sim station", new SimStationCommand())
                .register("sim fault", new SimFaultCommand())
                .register("registry", new RegistryEntry());
    }

    /** Lists {@code registry} in the launcher's usage; {@link #run} hands its words to the registry itself. */
    private static final class RegistryEntry implements Command {
        @Override
        public Usage usage() {
            return Usage.of("COMMAND [OPTIONS]", "the registry's commands (serve, enrol, export, statement, ...):"
                    + " edgetally registry --help");
        }

        @Override
        public int run(Args args, PrintStream out, PrintStream err) {
            return RegistryMain.of(out, err).run();
        }
    }
}
