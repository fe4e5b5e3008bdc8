package io.edgetally.sim.cli;

import io.edgetally.cli.Cli;
import io.edgetally.cli.Main;
import io.edgetally.sim.demo.BarnDemoCommand;
import io.edgetally.sim.demo.StationDemoCommand;
import io.edgetally.sim.standalone.SimBarnCommand;
import io.edgetally.sim.standalone.SimFaultCommand;
import io.edgetally.sim.standalone.SimStationCommand;

/**
 * The developer's {@code ./edgetally}: the firmware's commands plus the simulator's ({@code demo barn|station},
 * {@code sim barn|station|fault}), read by the firmware's one argument parser.
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        int code = cli().run(args, System.out, System.err);
        boolean runsOn = args.length > 0 && (args[0].equals("run")
                || (args[0].equals("sim") && args.length > 1 && !args[1].equals("fault")));
        if (code != 0 || !runsOn) {
            System.exit(code);
        }
    }

    public static Cli cli() {
        return Main.cli()
                .register("demo barn", new BarnDemoCommand())
                .register("demo station", new StationDemoCommand())
                .register("sim barn", new SimBarnCommand())
                .register("sim station", new SimStationCommand())
                .register("sim fault", new SimFaultCommand());
    }
}
