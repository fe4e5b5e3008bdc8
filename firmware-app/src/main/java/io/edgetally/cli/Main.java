package io.edgetally.cli;

import io.edgetally.doctor.DoctorCommand;
import java.io.PrintStream;
import java.util.List;

/** The installed {@code edgetally} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = cli().run(args, System.out, System.err);
        if (code != 0 || !(args.length > 0 && args[0].equals("run"))) {
            System.exit(code);
        }
    }

    /** The firmware's commands; the developer launcher adds the simulator's to these. */
    public static Cli cli() {
        return new Cli()
                .register("run", new RunCommand())
                .register("status", new Command() {
                    @Override
                    public String summary() {
                        return "[coap://HOST[:PORT]] [--watch]  the operator's view from the CoAP endpoint";
                    }

                    @Override
                    public int run(List<String> args, PrintStream out, PrintStream err) {
                        return new StatusCommand().run(args.toArray(String[]::new), out, err);
                    }
                })
                .register("verify", new Command() {
                    @Override
                    public String summary() {
                        return "--db FILE | --jsonl FILE  --pubkey KEY  check signatures, chain, gaps, tallies";
                    }

                    @Override
                    public int run(List<String> args, PrintStream out, PrintStream err) {
                        return VerifyCommand.run(args.toArray(String[]::new), out, err);
                    }
                })
                .register("keys", new KeysCommand())
                .register("doctor", new DoctorCommand());
    }
}
