package io.edgetally.cli;

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
                .register("status", new StatusCommand())
                .register("verify", new VerifyCommand())
                .register("keys init", new KeysCommand(KeysCommand.Action.INIT))
                .register("keys show", new KeysCommand(KeysCommand.Action.SHOW))
                .register("doctor", new DoctorCommand());
    }
}
