package io.edgetally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line every firmware command shares: --help everywhere, a wrong option named with the usage. */
class CliTest {

    private final CommandLine cli = new CommandLine();

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "verify", "keys init", "keys show", "doctor"})
    void everyCommandAnswersHelpWithItsUsage(String command) {
        for (String help : List.of("--help", "-h")) {
            String[] line = (command + " " + help).split(" ");
            assertThat(run(line)).as("%s %s", command, help).isEqualTo(Cli.OK);
            assertThat(out()).startsWith("usage: edgetally " + command).contains("--help");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void helpNamesEveryOptionOfTheCommand() {
        run("doctor", "--help");
        assertThat(out()).contains("--config FILE", "--actuate", "stop the service first");
        run("verify", "--help");
        assertThat(out()).contains("--db FILE", "--jsonl FILE", "--pubkey KEY", "--fast");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "verify", "keys init", "keys show", "doctor"})
    void aWrongOptionIsNamedWithTheUsage(String command) {
        String[] line = (command + " --frobnicate").split(" ");
        assertThat(run(line)).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("edgetally " + command + ": unknown option --frobnicate; expected one of [")
                .contains("usage: edgetally " + command);
    }

    @Test
    void aMissingValueOrAnExtraWordIsNamed() {
        assertThat(run("run", "--config")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--config FILE: the FILE is missing", "usage: edgetally run");
        assertThat(run("doctor", "--config", "site.yaml", "now")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unexpected argument 'now'");
        assertThat(run("doctor", "--actuate=yes", "--config", "site.yaml")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--actuate takes no value");
        assertThat(run("status", "coap://10.0.0.5", "coap://10.0.0.6")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unexpected argument 'coap://10.0.0.6'");
    }

    @Test
    void aGroupListsItsCommands() {
        assertThat(run("keys", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("usage: edgetally keys init|show", "keys init", "keys show");
        assertThat(run("keys")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("which one? one of [init, show]");
        assertThat(run("keys", "rotate")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown 'rotate'; expected one of [init, show]");
    }

    @Test
    void theWholeLineAnswersHelpAndNamesAnUnknownCommand() {
        assertThat(run("--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("run", "status", "verify", "keys init", "keys show", "doctor");
        assertThat(run()).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("usage: edgetally <command>");
        assertThat(run("frobnicate")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void repeatedValuesAreKeptInOrder() {
        Usage usage = Usage.of("--pubkey KEY...", "test", Usage.Option.value("pubkey", "KEY", "a key"));
        Args a = Args.parse(List.of("--pubkey", "A", "--pubkey=B"), usage);
        assertThat(a.options("pubkey")).containsExactly("A", "B");
        assertThat(a.option("pubkey")).contains("B");
    }
}
