package io.edgetally.sim.cli;

import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Main;
import io.edgetally.sim.demo.BarnDemoCommand;
import io.edgetally.sim.demo.StationDemoCommand;
import io.edgetally.sim.standalone.SimBarnCommand;
import io.edgetally.sim.standalone.SimStationCommand;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The developer's {@code ./edgetally}: the firmware's commands plus the simulator's ({@code demo}, {@code sim}).
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        int code = cli().run(args, System.out, System.err);
        if (code != 0 || !(args.length > 0 && (args[0].equals("run") || args[0].equals("sim")))) {
            System.exit(code);
        }
    }

    public static Cli cli() {
        return Main.cli()
                .register("demo", new BySite("a whole simulated site in one process", orderedMap(
                        "barn", new BarnDemoCommand(), "station", new StationDemoCommand())))
                .register("sim", new BySite("the simulated site as its own process, over Modbus TCP on loopback",
                        orderedMap("barn", new SimBarnCommand(), "station", new SimStationCommand())));
    }

    private static Map<String, Command> orderedMap(String k1, Command c1, String k2, Command c2) {
        Map<String, Command> m = new LinkedHashMap<>();
        m.put(k1, c1);
        m.put(k2, c2);
        return m;
    }

    /** {@code demo barn ...}, {@code sim barn ...}: the site kind picks the command. */
    private static final class BySite implements Command {
        private final String what;
        private final Map<String, Command> bySite;

        BySite(String what, Map<String, Command> bySite) {
            this.what = what;
            this.bySite = new LinkedHashMap<>(bySite);
        }

        @Override
        public String summary() {
            StringBuilder s = new StringBuilder(what);
            bySite.forEach((site, c) -> s.append("\n             ")
                    .append(c.summary().startsWith(site + " ") ? c.summary() : site + " " + c.summary()));
            return s.toString();
        }

        @Override
        public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
            Command c = args.isEmpty() ? null : bySite.get(args.get(0));
            if (c == null) {
                throw new Cli.UsageException("which site? one of " + bySite.keySet());
            }
            return c.run(args.subList(1, args.size()), out, err);
        }
    }
}
