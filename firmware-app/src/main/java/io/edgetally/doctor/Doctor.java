package io.edgetally.doctor;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.GpioOpener;
import io.edgetally.io.modbus.ModbusLinks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code edgetally doctor} checks on an installed device, from its config outward. The config parses; every
 * probe and meter answers with a plausible value; every relay pin or coil opens (with {@code actuate}: each relay is
 * switched on for a second and off again, one at a time, without asking); every input is read; the clock is
 * synchronised; the data folder has room; the broker accepts connections; the TLS files and the device key are
 * there, readable by the service and (certificates) in date; a station's ETA feed delivers a fresh snapshot. Each
 * check is printed as one PASS/WARN/FAIL line as it is made. Stop the service first: it holds the pins and the serial
 * ports, and two controllers must never drive the same relays.
 */
public final class Doctor {

    /** Waits while a relay is clicked on; a real sleep here, nothing in tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** How the checks went. */
    public record Report(List<Check> checks) {

        public Report {
            checks = List.copyOf(checks);
        }

        public long count(Check.Status status) {
            return checks.stream().filter(c -> c.status() == status).count();
        }

        /** Nothing failed (warnings allowed). */
        public boolean healthy() {
            return count(Check.Status.FAIL) == 0;
        }
    }

    private final GpioOpener gpioOpener;
    private final Clock clock;
    private final Pause pause;

    public Doctor(GpioOpener gpioOpener, Clock clock, Pause pause) {
        this.gpioOpener = gpioOpener;
        this.clock = clock;
        this.pause = pause;
    }

    /** Runs every check on the site {@code file} describes, printing each line to {@code out} as it is made. */
    public Report check(Path file, boolean actuate, PrintStream out) throws Exception {
        List<Check> checks = new ArrayList<>();
        Consumer<Check> report = c -> {
            checks.add(c);
            out.println(c.line());
            out.flush();
        };
        out.println("edgetally doctor: " + file.toAbsolutePath() + (actuate ? " (relays will click)" : ""));
        SiteConfig config;
        try {
            config = SiteConfig.load(file);
            report.accept(Check.pass("config", "site " + config.site() + ", device " + config.device() + ", "
                    + config.kind().wireName()));
        } catch (ConfigException e) {
            report.accept(Check.fail("config", e.getMessage()));
            return new Report(checks);
        }
        Optional<GpioOpener.Opened> gpio = Optional.empty();
        try (ModbusLinks links = new ModbusLinks(clock)) {
            if (config.io().usesGpio()) {
                String provider = config.io().gpio().provider();
                try {
                    gpio = Optional.of(gpioOpener.open(provider));
                    report.accept(Check.pass("gpio", "provider " + provider + " opened"));
                } catch (RuntimeException e) {
                    report.accept(Check.fail("gpio", "cannot open the GPIO pins with provider " + provider + ": "
                            + e.getMessage()));
                }
            }
            new FieldChecks(config, gpio.map(GpioOpener.Opened::board), links, clock, pause, report).run(actuate);
            new SystemChecks(config, clock, report).run();
            new EtaFeedCheck(config, clock).run().ifPresent(report);
        } finally {
            if (gpio.isPresent()) {
                gpio.get().board().close();
                gpio.get().release().close();
            }
        }
        return new Report(checks);
    }
}
