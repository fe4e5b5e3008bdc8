package io.edgetally.doctor;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.modbus.ModbusLinks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code edgetally doctor --config FILE [--actuate]}: checks an installed device from its config outward. The
 * config parses; every probe and meter answers with a plausible value; every relay pin or coil opens (with
 * {@code --actuate}: each relay is switched on for a second and off again, one at a time, without asking); every
 * input is read; the clock is synchronised; the data folder has room; the broker accepts connections; the TLS
 * files and the device key are there, readable by the service and (certificates) in date; a station's ETA feed
 * delivers a fresh snapshot. Prints one
 * PASS/WARN/FAIL line per check and exits 0 only when nothing failed. Stop the service first: it holds the pins
 * and the serial ports, and two controllers must never drive the same relays.
 */
public final class DoctorCommand implements Command {

    /** Waits while a relay is clicked on; a real sleep here, nothing in tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** The GPIO board for a provider (gpiod, linuxfs, mock), and what to close when done with it. */
    public record OpenedGpio(GpioBoard board, AutoCloseable release) {}

    @FunctionalInterface
    public interface GpioOpener {
        OpenedGpio open(String provider);
    }

    private final GpioOpener gpioOpener;
    private final Clock clock;
    private final Pause pause;

    public DoctorCommand() {
        this(DoctorCommand::pi4j, Clock.systemUTC(), d -> Thread.sleep(d));
    }

    public DoctorCommand(GpioOpener gpioOpener, Clock clock, Pause pause) {
        this.gpioOpener = gpioOpener;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public String summary() {
        return "--config FILE [--actuate]  check config, probes, meters, relays (--actuate clicks each), inputs,"
                + " clock, disk, broker, certificates; stop the service first";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("config"), Set.of("actuate"));
        if (!a.positional().isEmpty()) {
            throw new Cli.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        Path file = Path.of(a.option("config").orElseThrow(() -> new Cli.UsageException("--config FILE is required")));
        List<Check> checks = new ArrayList<>();
        Consumer<Check> report = c -> {
            checks.add(c);
            out.println(c.line());
            out.flush();
        };
        out.println("edgetally doctor: " + file.toAbsolutePath() + (a.flag("actuate") ? " (relays will click)" : ""));
        SiteConfig config;
        try {
            config = SiteConfig.load(file);
            report.accept(Check.pass("config", "site " + config.site() + ", device " + config.device() + ", "
                    + config.kind().wireName()));
        } catch (ConfigException e) {
            report.accept(Check.fail("config", e.getMessage()));
            return finish(checks, out);
        }
        Optional<OpenedGpio> gpio = Optional.empty();
        try (ModbusLinks links = new ModbusLinks(clock)) {
            if (needsGpio(config)) {
                String provider = config.io().gpio().provider();
                try {
                    gpio = Optional.of(gpioOpener.open(provider));
                    report.accept(Check.pass("gpio", "provider " + provider + " opened"));
                } catch (RuntimeException e) {
                    report.accept(Check.fail("gpio", "cannot open the GPIO pins with provider " + provider + ": "
                            + e.getMessage()));
                }
            }
            new FieldChecks(config, gpio.map(OpenedGpio::board), links, clock, pause, report).run(a.flag("actuate"));
            new SystemChecks(config, clock, report).run();
            new EtaFeedCheck(config, clock).run().ifPresent(report);
        } finally {
            if (gpio.isPresent()) {
                gpio.get().board().close();
                gpio.get().release().close();
            }
        }
        return finish(checks, out);
    }

    private static boolean needsGpio(SiteConfig config) {
        IoConfig.GpioConfig g = config.io().gpio();
        return !g.relays().isEmpty() || !g.inputs().isEmpty()
                || config.io().meters().stream().anyMatch(m -> m.link() instanceof IoConfig.MeterLink.S0);
    }

    private static int finish(List<Check> checks, PrintStream out) {
        long pass = checks.stream().filter(c -> c.status() == Check.Status.PASS).count();
        long warn = checks.stream().filter(c -> c.status() == Check.Status.WARN).count();
        long fail = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
        out.println();
        out.println(pass + " passed, " + warn + " warning" + (warn == 1 ? "" : "s") + ", " + fail + " failed");
        return fail == 0 ? Cli.OK : Cli.FAILED;
    }

    /** The providers on the class path, as the service finds them (gpiod and linuxfs on a device). */
    private static OpenedGpio pi4j(String provider) {
        Context context = Pi4J.newContextBuilder().autoDetect().build();
        return new OpenedGpio(new GpioBoard(context, provider + "-digital-output", provider + "-digital-input"),
                context::shutdown);
    }
}
