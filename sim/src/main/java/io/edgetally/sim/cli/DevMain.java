package io.edgetally.sim.cli;

import io.edgetally.app.Cli;
import io.edgetally.app.Command;
import io.edgetally.app.Main;
import io.edgetally.sim.demo.BarnDemoCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * The developer's {@code ./edgetally}: the firmware's commands plus the simulator's ({@code demo}, {@code sim}).
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        int code = cli().run(args, System.out, System.err);
        if (code != 0 || !(args.length > 0 && args[0].equals("run"))) {
            System.exit(code);
        }
    }

    public static Cli cli() {
        return Main.cli().register("demo", new Command() {
            private final BarnDemoCommand barn = new BarnDemoCommand();

            @Override
            public String summary() {
                return "a whole simulated site in one process: demo " + barn.summary();
            }

            @Override
            public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
                if (args.isEmpty() || !args.get(0).equals("barn")) {
                    throw new Cli.UsageException("which demo? 'demo barn'");
                }
                return barn.run(args.subList(1, args.size()), out, err);
            }
        });
    }
}
