package io.edgetally.sim.site;

import io.edgetally.barn.BarnRequest;
import io.edgetally.barn.BarnService;
import io.edgetally.barn.BarnSite;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.config.BarnConfig;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.sim.barn.BarnParameters;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.barn.HeatingPlant;
import io.edgetally.sim.io.MockGpio;
import io.edgetally.sim.io.SimOneWireBus;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.status.OperatorKey;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A curing barn and its controller in one process: the barn model behind simulated field wiring (Pi4J mock pins,
 * 1-Wire files, a Modbus TCP meter), and the controller built from a real config file exactly as {@code edgetally
 * run} builds it ({@link Sites#start}), on a manual clock. {@link #step()} is one control period. A mains loss
 * stops the controller; when power returns it boots again from its database, as a real one would.
 */
public final class SimulatedBarn implements AutoCloseable {

    /** When the simulated cure starts. */
    public static final Instant START = Instant.parse("2026-07-15T00:00:00Z");

    /**
     * @param dir       where the database, the config file and (with keepWorld) the barn's state live
     * @param resume    carry on the cure in {@code dir} and the barn in its world file
     * @param keepWorld save the barn's physical state after every period, so a killed process can be resumed
     */
    public record Options(Path dir, BarnConfig.Heating heating, String schedule, Duration cycle, long seed,
                          boolean resume, boolean keepWorld, Database.Durability durability) {}

    /**
     * What the simulated device is connected to when it boots.
     *
     * @param uplink      the registry's broker and how long the uplink waits for an ack (hours of the fast clock:
     *                    the registry answers in wall time); empty: no uplink
     * @param clockSynced what the device's clock-sync flag says
     * @param operator    an operator key for DTLS actions; empty: the endpoint is read-only
     */
    public record Boot(Optional<Uplink> uplink, boolean clockSynced, Optional<OperatorKey> operator) {

        /** @param registryKey the registry's public key (base64) the device checks acks with; empty: unchecked */
        public record Uplink(String broker, Duration ackTimeout, Optional<String> registryKey) {}

        /** No uplink, no operator key, a synchronised clock. */
        public static Boot alone() {
            return new Boot(Optional.empty(), true, Optional.empty());
        }

        /** Publishing to the registry's broker. */
        public static Boot withUplink(String broker, Duration ackTimeout) {
            return new Boot(Optional.of(new Uplink(broker, ackTimeout, Optional.empty())), true, Optional.empty());
        }

        /** Publishing to the registry's broker, provisioned with the registry's key: every ack must be signed. */
        public static Boot withUplink(String broker, Duration ackTimeout, String registryKey) {
            return new Boot(Optional.of(new Uplink(broker, ackTimeout, Optional.of(registryKey))), true,
                    Optional.empty());
        }
    }

    private final Options options;
    private final ManualClock clock;
    private final BarnSimulator barn;
    private final BarnWorldFile world;
    private final MockGpio gpio;
    private final BarnRig rig;
    private final Path oneWire;
    private final Path configFile;
    private final int meterPort;
    private SiteConfig.Barn config;
    private Boot boot = Boot.alone();
    private BarnService service;
    private boolean powered = true;
    private boolean operatorConfirms = true;

    /** Builds the barn, its wiring and the controller's configuration; {@link #start} boots the controller. */
    public SimulatedBarn(Options options) throws IOException {
        this.options = options;
        Path dir = options.dir();
        Files.createDirectories(dir);
        world = new BarnWorldFile(dir.resolve("barn-world.json"));
        Path db = dir.resolve("edgetally.db");
        if (!options.resume()) {
            for (String f : new String[] {"edgetally.db", "edgetally.db-wal", "edgetally.db-shm", "barn-world.json"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } else if (!Files.exists(db) || !world.exists()) {
            throw new IllegalStateException("nothing to resume in " + dir.toAbsolutePath()
                    + ": it needs edgetally.db and barn-world.json from a run that kept its world");
        }
        HeatingPlant plant = options.heating() == BarnConfig.Heating.HEAT_PUMP
                ? HeatingPlant.HeatPump.defaults() : HeatingPlant.Resistive.defaults();
        barn = new BarnSimulator(BarnParameters.defaults().withPlant(plant).withSeed(options.seed()));
        if (options.resume()) {
            barn.restore(world.load());
        }
        clock = new ManualClock(START.plus(barn.elapsed()));
        oneWire = ramFolder(dir);
        gpio = new MockGpio();
        // pins and probes only: the meter's port is known once it listens
        rig = new BarnRig(barn, gpio, new SimOneWireBus(oneWire), parse("draft", configYaml(502)), 24_071_501L);
        meterPort = rig.startMeter(0);
        configFile = dir.resolve("edgetally.yaml");
        writeConfig(Optional.empty());
        rig.publishSensors();
    }

    /** Boots the controller (resuming the cure in the database, if any), connected as {@code boot} says. */
    public SimulatedBarn start(Boot boot) {
        this.boot = boot;
        try {
            writeConfig(boot.uplink());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boot();
        return this;
    }

    /** The config file the controller reads, with the registry's broker when the device has an uplink. */
    private void writeConfig(Optional<Boot.Uplink> uplink) throws IOException {
        String yaml = configYaml(meterPort) + uplink.map(u -> "uplink:\n  broker: " + u.broker() + "\n"
                + u.registryKey().map(k -> "  registry-key: " + k + "\n").orElse("")).orElse("");
        Files.writeString(configFile, yaml);
        config = parse(configFile.toString(), yaml);
    }

    /** Boots the controller alone: no uplink, no operator key. */
    public SimulatedBarn start() {
        return start(Boot.alone());
    }

    private void boot() {
        SiteHost host = new SiteHost(clock, gpio.opener(), options.durability(),
                u -> boot.uplink().map(b -> u.withAckTimeout(b.ackTimeout())).orElse(u),
                Optional.of(() -> boot.clockSynced()), this::coap);
        service = ((RunningSite.Barn) Sites.start(config, configFile, host)).service();
        rig.reconnectInputs(); // the controller's inputs are open now: give them the barn's levels
    }

    /** The endpoint on loopback ports of its own, with the boot's operator key for DTLS if it has one. */
    private StatusEndpointConfig coap(StatusEndpointConfig configured) {
        return StatusEndpointConfig.ephemeral(InetAddress.getLoopbackAddress(), boot.operator().stream().toList(),
                configured.heartbeatCheck());
    }

    /** One control period: the controller's cycle (if powered), then the barn lives through the period. */
    public void step() {
        boolean power = rig.powered();
        if (power && !powered) {
            boot(); // mains back: the controller starts again from what it saved
        } else if (!power && powered) {
            service.close(); // mains gone: the controller stops, its relays drop out
        }
        powered = power;
        if (power) {
            service.cycle();
            BarnSite site = service.site();
            if (operatorConfirms) {
                site.state().filter(s -> s.phase() == CurePhase.AWAITING_CONFIRMATION)
                        .ifPresent(s -> site.handle(new BarnRequest.Cure(new OperatorCommand.Confirm("demo operator"))));
            }
            site.state().ifPresent(s -> barn.setStageLabel(s.stage().fileName()));
        }
        rig.advance(options.cycle());
        if (options.keepWorld()) {
            world.save(barn.snapshot());
        }
        clock.advance(options.cycle());
    }

    /** Whether the demo's operator confirms each step as soon as asked (default); tests may take over. */
    public void operatorConfirms(boolean confirms) {
        this.operatorConfirms = confirms;
    }

    public double barnHours() {
        return Duration.between(START, clock.instant()).toMillis() / 3_600_000.0;
    }

    /** The controller's service as {@code edgetally run} builds it (a new one after each mains loss). */
    public BarnService service() {
        return service;
    }

    public BarnSite site() {
        return service.site();
    }

    public BarnSimulator barn() {
        return barn;
    }

    public BarnRig rig() {
        return rig;
    }

    public MockGpio gpio() {
        return gpio;
    }

    public ManualClock clock() {
        return clock;
    }

    public SiteConfig.Barn config() {
        return config;
    }

    public Path configFile() {
        return configFile;
    }

    public CuringSchedule schedule() {
        return service.site().schedule();
    }

    public Database database() {
        return service.database();
    }

    public Path databaseFile() {
        return options.dir().resolve("edgetally.db");
    }

    /** Whether heater relay {@code stage} (1-based) is pulled in at the pins right now. */
    public boolean heaterRelayOn(int stage) {
        IoConfig.Pin pin = config.io().gpio().relays().get(BarnWiring.heaterRelay(stage));
        return gpio.outputOpen(pin.bcm()) && pin.activeLow() != gpio.outputHigh(pin.bcm());
    }

    /** Stops the controller as the service stops (heat off, position saved), then the simulated barn. */
    @Override
    public void close() throws IOException {
        if (service != null && powered) {
            service.close();
        }
        rig.close();
        gpio.close();
        if (oneWire.startsWith("/dev/shm")) {
            try (var files = Files.walk(oneWire)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Where the simulated 1-Wire probes live. On a Pi, /sys/bus/w1 is in memory; so is this folder where the
     * machine has a RAM file system, else it sits in the run's folder.
     */
    private static Path ramFolder(Path dir) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "edgetally-w1-");
        }
        return dir.resolve("w1");
    }

    private static SiteConfig.Barn parse(String name, String yaml) {
        return (SiteConfig.Barn) SiteConfig.from(ConfigNode.parse(name, yaml));
    }

    /** The configuration the controller runs with: the same file a real barn has, pointed at the simulator. */
    private String configYaml(int meterPort) {
        boolean heatPump = options.heating() == BarnConfig.Heating.HEAT_PUMP;
        return """
                # Written by the simulated barn: the controller reads this as it reads /etc/edgetally/edgetally.yaml
                site: demo-jiange
                device: barn-01
                kind: curing-barn
                data-dir: %s
                cycle: %ds
                barn:
                  schedule: %s
                  heating: %s
                  heater-stages: %d
                  heater-stage-kw: %s
                  fresh-leaf-kg: 4000
                  damper-stroke: 90s
                io:
                  gpio:
                    provider: mock
                    relays:
                      heater-1: {pin: 5, active-low: true}
                %s      fan-run: {pin: 19, active-low: true}
                      fan-high: {pin: 26, active-low: true}
                      damper-open: {pin: 20, active-low: true}
                      damper-close: {pin: 21, active-low: true}
                    inputs:
                      airflow: {pin: 17, active-low: true}
                      cutout: {pin: 27}
                  onewire:
                    base-path: %s
                    dry-bulb: 28-00000000d001
                    wet-bulb: 28-00000000e001
                  meter:
                    model: sdm630
                    tcp: 127.0.0.1:%d
                    unit: 1
                    max-power-kw: 80
                coap: {bind: 127.0.0.1, port: 0, dtls-port: 0}
                """.formatted(options.dir().toAbsolutePath(), options.cycle().toSeconds(), options.schedule(),
                heatPump ? "heat-pump" : "resistive", heatPump ? 1 : 3, heatPump ? "16" : "18",
                heatPump ? "      dehumidifier: {pin: 6, active-low: true}\n"
                        : "      heater-2: {pin: 6, active-low: true}\n      heater-3: {pin: 13, active-low: true}\n",
                oneWire.toAbsolutePath(), meterPort);
    }
}
