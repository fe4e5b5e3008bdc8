package io.edgetally.sim.standalone;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Usage;
import io.edgetally.config.BarnConfig;
import io.edgetally.sim.demo.BarnDemoCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code edgetally sim barn}: the simulated barn as its own process (see {@link StandaloneBarn}). Prints the
 * config that points {@code edgetally run} at it, writes the same to {@code DIR/edgetally.yaml}, and runs until
 * killed; the barn's world is saved as it goes, so a restart with the same {@code --dir} resumes it.
 */
public final class SimBarnCommand implements Command {

    public static final int DEFAULT_METER_PORT = 15020;
    public static final int DEFAULT_IO_PORT = 15021;
    /** The control cycle of the config it prints, and the barn's step in lockstep. */
    static final Duration CYCLE = Duration.ofSeconds(15);

    private static final Usage USAGE = Usage.of("[--dir DIR] [--speed N] [--meter-port P] [--io-port P] "
                    + "[--onewire DIR] [--heating resistive|heat-pump] [--seed N] [--coap-port P] [--broker URL [--registry-key KEY]] "
                    + "[--lockstep]",
            "the simulated barn as its own process (Modbus TCP on loopback), real time by default",
            Usage.Option.value("dir", "DIR", "where the world file and the printed config live (default sim-barn)"),
            Usage.Option.value("speed", "N", "simulated seconds per second, above 0 and at most 10000 (default 1); "
                    + "without --lockstep edgetally run follows the wall clock, so only 1 works with it; with "
                    + "--lockstep, how far at most the barn may run ahead of the wall clock"),
            Usage.Option.value("meter-port", "P", "the SDM630 meter's Modbus TCP port (default " + DEFAULT_METER_PORT
                    + ")"),
            Usage.Option.value("io-port", "P", "the relay board and transmitter gateway's port (default "
                    + DEFAULT_IO_PORT + ")"),
            Usage.Option.value("onewire", "DIR", "also write the probes as 1-Wire w1_slave files under DIR"),
            Usage.Option.value("heating", "KIND", "resistive (default) or heat-pump"),
            Usage.Option.value("seed", "N", "the barn model's random seed (default 1)"),
            Usage.Option.value("coap-port", "P", ControllerSections.COAP_PORT_HELP),
            Usage.Option.value("broker", "URL", ControllerSections.BROKER_HELP),
            Usage.Option.value("registry-key", "KEY", ControllerSections.REGISTRY_KEY_HELP),
            Usage.Option.flag("lockstep", "the barn's time moves one 15 s cycle per cycle edgetally run completes "
                    + "(its config says clock: simulator), at most --speed times real time: a cure, a week's "
                    + "outage or twenty kills in minutes, with the same outcome on a busy machine"));

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        StandaloneBarn.Options options = options(a);
        RealTime.untilKilled("sim-barn", () -> {
            // closing the barn saves its world: the shutdown hook lets the JVM end only after that
            try (StandaloneBarn barn = new StandaloneBarn(options)) {
                String yaml = barn.configYaml();
                Path configFile = options.dir().resolve("edgetally.yaml");
                Files.writeString(configFile, yaml);
                out.printf(Locale.ROOT, "edgetally sim barn: %s barn at %.1f h of its cure, %.1f kWh on the meter%n",
                        barn.resumed() ? "resumed the" : "a fresh", barn.barn().elapsed().toSeconds() / 3600.0,
                        barn.barn().importKwh());
                out.printf(Locale.ROOT, "  meter (SDM630, unit %d)        tcp://127.0.0.1:%d%n",
                        StandaloneBarn.METER_UNIT, barn.meterPort());
                out.printf(Locale.ROOT, "  relay board (unit %d), transmitter (unit %d)  tcp://127.0.0.1:%d%n",
                        StandaloneBarn.BOARD_UNIT, StandaloneBarn.TRANSMITTER_UNIT, barn.ioPort());
                ControllerSections c = barn.controller();
                out.printf(Locale.ROOT, "  for edgetally run: data in %s, CoAP coap://127.0.0.1:%d (DTLS %d), %s%n",
                        c.dataDir(), c.coapPort(), c.dtlsPort(), c.broker().map(b -> "uplink to " + b + (c.registryKey().isPresent()
                                ? ", acks checked with the registry's key" : ""))
                                .orElse("no uplink (--broker URL adds one)"));
                if (options.lockstep()) {
                    out.printf(Locale.ROOT, "  lockstep: the barn moves one cycle (%d s) each time edgetally run "
                            + "completes one (clock: simulator), at most %.0fx real time%n", CYCLE.toSeconds(),
                            options.speed());
                    RealTime.printConfig(out, 1.0, "barn", configFile, yaml);
                } else {
                    RealTime.printConfig(out, options.speed(), "barn", configFile, yaml);
                }
                out.println("running until killed (Ctrl-C); the barn's state is kept in "
                        + options.dir().resolve("barn-world.json").toAbsolutePath());
                out.flush();
                if (options.lockstep()) {
                    barn.runInLockstep(CYCLE);
                } else {
                    barn.runUntilInterrupted(Clock.systemUTC(), Duration.ofSeconds(1));
                }
            }
        });
        return Cli.OK;
    }

    /** The options a command line gives (for tests). */
    static StandaloneBarn.Options options(List<String> argv) {
        return options(Args.parse(argv, USAGE));
    }

    static StandaloneBarn.Options options(Args a) {
        BarnConfig.Heating heating = BarnDemoCommand.heating(a);
        double speed = a.numberOption("speed", 1, Double.MIN_VALUE, 10_000, "barn seconds per second");
        Optional<String> broker = a.option("broker");
        Optional<String> registryKey = a.option("registry-key");
        try {
            broker.ifPresent(ControllerSections::checkBroker);
            ControllerSections.checkRegistryKey(broker, registryKey);
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageException(e.getMessage());
        }
        return new StandaloneBarn.Options(Path.of(a.option("dir", "sim-barn")), heating, speed,
                a.intOption("meter-port", DEFAULT_METER_PORT, 0, 65535), a.intOption("io-port", DEFAULT_IO_PORT, 0, 65535),
                a.option("onewire").map(Path::of), a.intOption("seed", 1, 0, Integer.MAX_VALUE),
                a.intOption("coap-port", 0, 0, 65534), broker, registryKey, a.flag("lockstep"));
    }
}
