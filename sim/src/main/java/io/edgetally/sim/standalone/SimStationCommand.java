package io.edgetally.sim.standalone;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Usage;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code edgetally sim station}: the simulated swap station as its own process (see {@link StandaloneStation}).
 * Prints the config that points {@code edgetally run} at it, writes the same to {@code DIR/edgetally.yaml}, and runs
 * until killed, printing a status line a minute.
 */
public final class SimStationCommand implements Command {

    public static final int DEFAULT_PLC_PORT = 15030;
    public static final int DEFAULT_METER_PORT = 15031;

    private static final Usage USAGE = Usage.of("[--dir DIR] [--speed N] [--plc-port P] [--meter-port P] [--days N] "
                    + "[--seed N] [--eta-broker tcp://HOST:PORT [--eta-notice MIN]]",
            "the simulated swap station as its own process (PLC map, 9 meters, truck ETAs), real time by default",
            Usage.Option.value("dir", "DIR", "where the printed config goes (default sim-station)"),
            Usage.Option.value("speed", "N", RealTime.SPEED_HELP),
            Usage.Option.value("plc-port", "P", "the PLC's Modbus TCP port (default " + DEFAULT_PLC_PORT + ")"),
            Usage.Option.value("meter-port", "P", "the revenue meter's port; DC meter i on P+1+i (default "
                    + DEFAULT_METER_PORT + ")"),
            Usage.Option.value("days", "N", "how long the simulated trucks keep coming (default 365)"),
            Usage.Option.value("seed", "N", "the trucks' random seed (default 1)"),
            Usage.Option.value("eta-broker", "URI", "play the fleet's dispatch platform on this MQTT broker"),
            Usage.Option.value("eta-notice", "MIN", "announce each truck this far ahead (default 60)"));

    @Override
    public Usage usage() {
        return USAGE;
    }

    private static Optional<URI> etaBroker(Args a) {
        if (a.option("eta-broker", "").isEmpty()) {
            return Optional.empty();
        }
        String text = a.option("eta-broker", "");
        try {
            URI uri = new URI(text);
            if (("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getPort() > 0) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below with what was expected
        }
        throw new Cli.UsageException("--eta-broker must be tcp://host:port, was '" + text + "'");
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        double speed = a.numberOption("speed", 1, Double.MIN_VALUE, 10_000, "station seconds per second");
        Path dir = Path.of(a.option("dir", "sim-station"));
        StandaloneStation.Options options = new StandaloneStation.Options(speed,
                a.intOption("plc-port", DEFAULT_PLC_PORT, 0, 65535), a.intOption("meter-port", DEFAULT_METER_PORT, 0,
                65535 - 9), a.intOption("days", 365, 1, 3650), a.intOption("seed", 1, 0, Integer.MAX_VALUE),
                etaBroker(a), Duration.ofMinutes(a.intOption("eta-notice", 60, 1, 24 * 60)));
        Files.createDirectories(dir);
        Clock wall = Clock.systemUTC();
        RealTime.untilKilled("sim-station", () -> {
            try (StandaloneStation station = new StandaloneStation(options, wall.instant())) {
                String yaml = station.configYaml(dir.resolve("controller").toAbsolutePath().toString());
                Path configFile = dir.resolve("edgetally.yaml");
                Files.writeString(configFile, yaml);
                out.printf(Locale.ROOT, "edgetally sim station: 8 slots, packs charged, trucks from the Yibin "
                        + "profile%n");
                out.printf(Locale.ROOT, "  station PLC (map v1, unit 1)      tcp://127.0.0.1:%d%n",
                        station.rig().plcPort());
                out.printf(Locale.ROOT, "  revenue meter (SDM630, unit 1)    tcp://127.0.0.1:%d%n",
                        station.rig().gridMeterPort());
                out.printf(Locale.ROOT, "  DC meters 0..7 (DJSF1352, unit 1) tcp://127.0.0.1:%d..%d%n",
                        station.rig().dcMeterPort(0), station.rig().dcMeterPort(7));
                station.options().etaBroker().ifPresent(b -> out.printf(Locale.ROOT,
                        "  truck ETAs (%d min notice)       %s topic %s%n", station.options().etaNotice().toMinutes(),
                        b, StandaloneStation.ETA_TOPIC));
                RealTime.printConfig(out, speed, "station", configFile, yaml);
                out.println("running until killed (Ctrl-C)");
                out.flush();
                Thread reporter = Thread.ofVirtual().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(Duration.ofMinutes(1));
                        } catch (InterruptedException e) {
                            return;
                        }
                        out.println(station.statusLine());
                    }
                });
                try {
                    station.runUntilInterrupted(wall, Duration.ofSeconds(1));
                } finally {
                    reporter.interrupt();
                }
            }
        });
        return Cli.OK;
    }
}
