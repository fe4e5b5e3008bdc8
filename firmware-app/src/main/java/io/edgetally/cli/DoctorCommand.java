package io.edgetally.cli;

import io.edgetally.doctor.Check;
import io.edgetally.doctor.Doctor;
import io.edgetally.io.gpio.GpioOpener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code edgetally doctor --config FILE [--actuate]}: checks an installed device from its config outward
 * ({@link Doctor}), one PASS/WARN/FAIL line per check, and exits 0 only when nothing failed.
 */
public final class DoctorCommand implements Command {

    private static final Usage USAGE = Usage.of("--config FILE [--actuate]",
            "check the wiring, meters, clock, disk, broker, certificates and ETA feed (stop the service first)",
            Usage.Option.value("config", "FILE", "the site's config, e.g. /etc/edgetally/edgetally.yaml"),
            Usage.Option.flag("actuate", "switch each relay on for a second and off again, one at a time, without "
                    + "asking"));

    private final Doctor doctor;

    public DoctorCommand() {
        this(GpioOpener.pi4j(), Clock.systemUTC(), d -> Thread.sleep(d));
    }

    public DoctorCommand(GpioOpener gpio, Clock clock, Doctor.Pause pause) {
        this.doctor = new Doctor(gpio, clock, pause);
    }

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        Doctor.Report report = doctor.check(Path.of(a.required("config", "FILE")), a.flag("actuate"), out);
        long warn = report.count(Check.Status.WARN);
        out.println();
        out.println(report.count(Check.Status.PASS) + " passed, " + warn + " warning" + (warn == 1 ? "" : "s") + ", "
                + report.count(Check.Status.FAIL) + " failed");
        return report.healthy() ? Cli.OK : Cli.FAILED;
    }
}
