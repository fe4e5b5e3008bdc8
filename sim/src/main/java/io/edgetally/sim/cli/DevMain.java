package io.edgetally.sim.cli;

import io.edgetally.app.Cli;
import io.edgetally.app.Command;
import io.edgetally.sim.demo.BarnDemoCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * The developer's {@code ./edgetally}: the firmware's commands plus the simulator's ({@code demo}, {@code sim}).
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        System.exit(cli().run(args, System.out, System.err));
    }

    public static Cli cli() {
        return new Cli().register("demo", new Command() {
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
