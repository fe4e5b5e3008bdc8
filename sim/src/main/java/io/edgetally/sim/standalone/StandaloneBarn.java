package io.edgetally.sim.standalone;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.config.BarnConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.sim.barn.Actuation;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.sim.barn.BarnParameters;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.barn.HeatingPlant;
import io.edgetally.sim.barn.SensorReadings;
import io.edgetally.sim.io.SimModbusMeterServer;
import io.edgetally.sim.io.SimModbusTcpServer;
import io.edgetally.sim.io.SimOneWireBus;
import io.edgetally.sim.io.SimRelayBoard;
import io.edgetally.sim.io.SimTemperatureTransmitter;
import io.edgetally.sim.site.BarnWorldFile;
import io.edgetally.sim.site.SimulatedBarn;
import io.edgetally.site.SimulatorLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated barn as a process of its own, for {@code edgetally run} to drive over the wire exactly as it
 * drives a real barn: an SDM630 kWh meter on one Modbus TCP port, and a gateway on a second port with the relay
 * board (unit {@value #BOARD_UNIT}) and the dry/wet-bulb transmitter (unit {@value #TRANSMITTER_UNIT}) behind
 * it; optionally 1-Wire probe files in a folder too. The barn's physical state is saved to a world file after
 * every step, so a killed simulator resumes the same barn (time stands still while it is down). The faults in
 * {@code DIR/faults.txt} ({@link FaultFile}, written by {@code edgetally sim fault}) are read at every step and shown
 * on the wires from then on, so an installer can rehearse each alarm against the running service.
 */
public final class StandaloneBarn implements AutoCloseable {

    public static final int METER_UNIT = 1;
    public static final int BOARD_UNIT = 2;
    public static final int TRANSMITTER_UNIT = 3;
    /** Relay board coils, in this order: heater-1..3 (or heater-1 and dehumidifier on a heat pump), fan, damper. */
    public static final int COIL_HEATER_1 = 0;
    public static final int COIL_FAN_RUN = 3;
    public static final int COIL_FAN_HIGH = 4;
    public static final int COIL_DAMPER_OPEN = 5;
    public static final int COIL_DAMPER_CLOSE = 6;
    public static final int COIL_DEHUMIDIFIER = 7;
    public static final int INPUT_AIRFLOW = 0;
    public static final int INPUT_CUTOUT = 1;
    public static final String DRY_PROBE_ID = "28-00000000d001";
    public static final String WET_PROBE_ID = "28-00000000e001";
    private static final long METER_SERIAL = 24_071_502L;
    /** How far above the dry bulb a drifted wet-bulb probe reads ({@link SimFault.Kind#WET_ABOVE_DRY}). */
    public static final double WET_ABOVE_DRY_CELSIUS = 3.0;
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneBarn.class);

    /**
     * @param dir       where the world file and the printed config live
     * @param speed     barn seconds per wall-clock second
     * @param meterPort 0 for any free port (tests); a fixed port lets a restarted simulator keep its address
     * @param oneWire   also write the probes as w1_slave files under this folder
     * @param coapPort  the printed config's CoAP port for the controller; 0: two free ones picked at start
     * @param broker    the registry's broker for the printed config's uplink; empty: no uplink
     * @param registryKey the registry's public key (base64) for the uplink's {@code registry-key}; needs a broker
     * @param lockstep  the barn's time moves one cycle each time {@code run} ({@code clock: simulator}) reports the
     *                  cycle at the current time done, at most {@code speed} times real time; false: real time times
     *                  {@code speed}, whatever run does
     */
    public record Options(Path dir, BarnConfig.Heating heating, double speed, int meterPort, int ioPort,
                          Optional<Path> oneWire, long seed, int coapPort, Optional<String> broker,
                          Optional<String> registryKey, boolean lockstep) {
        public Options {
            if (!(speed > 0 && speed <= 10_000)) {
                throw new IllegalArgumentException("speed must be above 0 and at most 10000, was " + speed);
            }
            if (coapPort < 0 || coapPort > 65534) {
                throw new IllegalArgumentException("the CoAP port must be 0 (free ones) or 1..65534, was " + coapPort);
            }
            broker.ifPresent(ControllerSections::checkBroker);
            ControllerSections.checkRegistryKey(broker, registryKey);
        }

        /** Free CoAP ports, no uplink. */
        public Options(Path dir, BarnConfig.Heating heating, double speed, int meterPort, int ioPort,
                       Optional<Path> oneWire, long seed) {
            this(dir, heating, speed, meterPort, ioPort, oneWire, seed, 0, Optional.empty(), Optional.empty(), false);
        }
    }

    private final Options options;
    private final BarnSimulator barn;
    private final BarnWorldFile world;
    private final boolean resumed;
    private final SimRelayBoard board = new SimRelayBoard(BOARD_UNIT, 8, 2);
    private final SimTemperatureTransmitter transmitter = new SimTemperatureTransmitter(TRANSMITTER_UNIT, 2);
    private final SimModbusTcpServer gateway = new SimModbusTcpServer("barn-io").unit(BOARD_UNIT, board)
            .unit(TRANSMITTER_UNIT, transmitter);
    private final SimModbusMeterServer meter;
    private final Optional<SimOneWireBus> oneWire;
    private final ControllerSections controller;
    /** served on the gateway in lockstep only: a simulator that announces a clock is one run may follow */
    private final Optional<SimClockUnit> clockUnit;
    private final FaultFile faultFile;
    private Set<SimFault> faults = Set.of();
    private String faultFileProblem = "";
    /** what each probe last reported as valid: a stuck probe keeps reading it */
    private final Map<SimFault.Probe, Double> lastCelsius = new EnumMap<>(SimFault.Probe.class);
    private volatile double importKwh;
    private volatile double powerW;

    public StandaloneBarn(Options options) throws IOException {
        this.options = options;
        Files.createDirectories(options.dir());
        HeatingPlant plant = heatPump() ? HeatingPlant.HeatPump.defaults() : HeatingPlant.Resistive.defaults();
        barn = new BarnSimulator(BarnParameters.defaults().withPlant(plant).withSeed(options.seed()));
        world = new BarnWorldFile(options.dir().resolve("barn-world.json"));
        resumed = world.exists();
        if (resumed) {
            barn.restore(world.load());
            List<Boolean> relays = world.relays();
            for (int i = 0; i < Math.min(relays.size(), board.relayCount()); i++) {
                board.setCoil(i, relays.get(i));
            }
        }
        // the relays as the controller sets them outlive this process, as a relay board's do
        board.onCoilChange(this::saveWorld);
        oneWire = options.oneWire().map(SimOneWireBus::new);
        controller = ControllerSections.of(options.dir().resolve("controller").toAbsolutePath().normalize(),
                options.coapPort(), options.broker(), options.registryKey());
        meter = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, METER_UNIT, METER_SERIAL,
                () -> importKwh, () -> powerW);
        faultFile = new FaultFile(options.dir());
        takeUpFaults();
        publish();
        clockUnit = options.lockstep() ? Optional.of(new SimClockUnit(now())) : Optional.empty();
        clockUnit.ifPresent(u -> gateway.unit(SimulatorLink.UNIT, u));
        meter.start(options.meterPort());
        try {
            gateway.start(options.ioPort());
        } catch (RuntimeException e) {
            meter.close();
            throw e;
        }
    }

    /** Whether the barn was taken up from its world file rather than loaded fresh. */
    public boolean resumed() {
        return resumed;
    }

    public int meterPort() {
        return meter.port();
    }

    public int ioPort() {
        return gateway.port();
    }

    public BarnSimulator barn() {
        return barn;
    }

    public SimRelayBoard relayBoard() {
        return board;
    }

    /** Lets {@code dt} of barn time pass with the relays as the controller left them, then updates the wires. */
    public synchronized void advance(Duration dt) {
        takeUpFaults();
        barn.step(dt, actuation());
        powerW = barn.trueState().electricWatts();
        publish();
        saveWorld();
    }

    private synchronized void saveWorld() {
        world.save(barn.snapshot(), board.coils());
    }

    /** The simulated time: the cure's start plus the time the barn has lived. */
    public Instant now() {
        return SimulatedBarn.START.plus(barn.elapsed());
    }

    /**
     * Lockstep with {@code run}: each time run reports the cycle at the current time done, the barn lives through
     * {@code cycle} (no sooner than {@code cycle / speed} of wall time after the last), until the thread is
     * interrupted. While run is down the barn's time stands still, as it does while this process is down.
     */
    public void runInLockstep(Duration cycle) {
        SimClockUnit unit = clockUnit.orElseThrow(() -> new IllegalStateException("not started with lockstep"));
        long minWallNanos = Math.round(cycle.toNanos() / options.speed());
        long lastNanos = System.nanoTime() - minWallNanos;
        while (!Thread.currentThread().isInterrupted()) {
            Instant t = now();
            long since = System.nanoTime() - lastNanos;
            if (unit.done().isBefore(t) || since < minWallNanos) {
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Math.max(100_000, Math.min(minWallNanos - since, 1_000_000)));
                continue;
            }
            lastNanos = System.nanoTime();
            advance(cycle);
            unit.set(now());
        }
    }

    /**
     * Runs in real time times {@code speed} until the thread is interrupted: every {@code tick} of the wall
     * clock the barn lives through the time that passed. A gap longer than a minute (the machine slept) is
     * taken as one minute, so the barn does not leap.
     */
    public void runUntilInterrupted(Clock wall, Duration tick) {
        RealTime.runUntilInterrupted(wall, tick, options.speed(), this::advance);
    }

    /** The faults the barn shows now (from {@code DIR/faults.txt} at the last step). */
    public synchronized Set<SimFault> faults() {
        return faults;
    }

    /**
     * Reads the control file and puts what it says on the barn. A file that cannot be read is reported once (file,
     * line, what is wrong) and the faults shown so far are kept.
     */
    private void takeUpFaults() {
        Set<SimFault> now;
        try {
            now = faultFile.read();
            faultFileProblem = "";
        } catch (RuntimeException e) {
            if (!e.getMessage().equals(faultFileProblem)) {
                faultFileProblem = e.getMessage();
                LOG.warn("{}; the barn keeps showing {}", e.getMessage(), describe(faults));
            }
            return;
        }
        if (!now.equals(faults)) {
            LOG.warn("the simulated barn now shows {}", describe(now));
        }
        faults = Set.copyOf(now);
        if (has(SimFault.Kind.AIRFLOW_LOST)) {
            barn.inject(BarnFault.FAN_STOP);
        } else if (barn.isActive(BarnFault.FAN_STOP)) {
            barn.clear(BarnFault.FAN_STOP);
        }
        meter.setFault(has(SimFault.Kind.METER_SILENT) ? SimModbusMeterServer.Fault.SILENT
                : SimModbusMeterServer.Fault.NONE);
    }

    private static String describe(Set<SimFault> faults) {
        return faults.isEmpty() ? "no fault"
                : String.join(", ", faults.stream().map(SimFault::words).sorted().toList());
    }

    private boolean has(SimFault.Kind kind) {
        return faults.stream().anyMatch(f -> f.kind() == kind);
    }

    private boolean has(SimFault.Kind kind, SimFault.Probe probe) {
        return faults.stream().anyMatch(f -> f.kind() == kind && f.on(probe));
    }

    private boolean heatPump() {
        return options.heating() == BarnConfig.Heating.HEAT_PUMP;
    }

    private Actuation actuation() {
        int stages = 0;
        // a tripped cut-out has opened the heater circuit, whatever the relays do
        for (int i = 0; i < (heatPump() ? 1 : 3) && !has(SimFault.Kind.CUTOUT_TRIPPED); i++) {
            stages += board.coil(COIL_HEATER_1 + i) ? 1 : 0;
        }
        boolean dehumidify = heatPump() && board.coil(COIL_DEHUMIDIFIER);
        FanSpeed fan = !board.coil(COIL_FAN_RUN) ? FanSpeed.OFF
                : board.coil(COIL_FAN_HIGH) ? FanSpeed.HIGH : FanSpeed.LOW;
        double damper = barn.trueState().damperOpenFraction();
        boolean opening = board.coil(COIL_DAMPER_OPEN);
        boolean closing = board.coil(COIL_DAMPER_CLOSE);
        if (opening && !closing) {
            damper = 1.0;
        } else if (closing && !opening) {
            damper = 0.0;
        }
        return new Actuation(stages, dehumidify, damper, fan);
    }

    private void publish() {
        SensorReadings s = barn.readSensors();
        TemperatureReading dry = shown(SimFault.Probe.DRY_BULB, s.dryBulb());
        TemperatureReading wet = shown(SimFault.Probe.WET_BULB, s.wetBulb());
        if (has(SimFault.Kind.WET_ABOVE_DRY) && dry instanceof TemperatureReading.Valid(double d)) {
            wet = new TemperatureReading.Valid(d + WET_ABOVE_DRY_CELSIUS);
        }
        channel(0, dry);
        channel(1, wet);
        board.setInput(INPUT_AIRFLOW, s.airflowProven());
        board.setInput(INPUT_CUTOUT, s.cutoutTripped() || has(SimFault.Kind.CUTOUT_TRIPPED));
        TemperatureReading dryShown = dry;
        TemperatureReading wetShown = wet;
        oneWire.ifPresent(bus -> {
            probe(bus, DRY_PROBE_ID, dryShown);
            probe(bus, WET_PROBE_ID, wetShown);
        });
        importKwh = barn.importKwh();
    }

    /** What {@code probe} reports with the faults on it: nothing (open), its last value (stuck), or the truth. */
    private TemperatureReading shown(SimFault.Probe probe, TemperatureReading truth) {
        if (has(SimFault.Kind.PROBE_OPEN, probe)) {
            return new TemperatureReading.Invalid(TemperatureReading.SensorFault.OPEN, "simulated open probe");
        }
        Double last = lastCelsius.get(probe);
        if (has(SimFault.Kind.PROBE_STUCK, probe) && last != null) {
            return new TemperatureReading.Valid(last);
        }
        if (truth instanceof TemperatureReading.Valid(double c)) {
            lastCelsius.put(probe, c);
        }
        return truth;
    }

    private void channel(int channel, TemperatureReading r) {
        switch (r) {
            case TemperatureReading.Valid v -> transmitter.setCelsius(channel, v.celsius());
            case TemperatureReading.Invalid i -> transmitter.setRaw(channel, SimTemperatureTransmitter.SENSOR_FAULT);
        }
    }

    private static void probe(SimOneWireBus bus, String id, TemperatureReading r) {
        switch (r) {
            case TemperatureReading.Valid v -> {
                bus.setFault(id, SimOneWireBus.Fault.NONE);
                bus.write(id, v.celsius());
            }
            case TemperatureReading.Invalid i -> bus.setFault(id, SimOneWireBus.Fault.MISSING);
        }
    }

    /**
     * A complete site config for {@code edgetally run} pointed at this simulator: relays and inputs on the relay
     * board, probes on the transmitter (or the 1-Wire folder when there is one), the meter on its port; and the
     * controller's data folder, ledger, CoAP ports on loopback and, with a broker, its uplink, so it runs as printed.
     */
    public String configYaml() {
        boolean hp = heatPump();
        String heaters = hp
                ? "      heater-1: {coil: %d}\n      dehumidifier: {coil: %d}\n".formatted(COIL_HEATER_1, COIL_DEHUMIDIFIER)
                : "      heater-1: {coil: %d}\n      heater-2: {coil: %d}\n      heater-3: {coil: %d}\n"
                        .formatted(COIL_HEATER_1, COIL_HEATER_1 + 1, COIL_HEATER_1 + 2);
        String probes = oneWire.map(bus -> """
                  onewire:
                    base-path: %s
                    dry-bulb: %s
                    wet-bulb: %s
                """.formatted(bus.folder().toAbsolutePath(), DRY_PROBE_ID, WET_PROBE_ID)).orElse("""
                  modbus-probes:
                    dry-bulb: {tcp: 127.0.0.1:%1$d, unit: %2$d, register: 0, kind: input, scale: 0.1, signed: true}
                    wet-bulb: {tcp: 127.0.0.1:%1$d, unit: %2$d, register: 1, kind: input, scale: 0.1, signed: true}
                """.formatted(ioPort(), TRANSMITTER_UNIT));
        return """
                # edgetally sim barn: the simulated barn in %s answers on these ports.
                # Run the controller against it with: edgetally run --config <this file>
                site: sim-barn
                device: barn-01
                kind: curing-barn
                data-dir: %s
                cycle: 15s
                %sbarn:
                  schedule: middle-leaf
                  heating: %s
                  heater-stages: %d
                  heater-stage-kw: %s
                  fresh-leaf-kg: 4000
                  damper-stroke: 90s
                io:
                  relay-board:
                    tcp: 127.0.0.1:%d
                    unit: %d
                    relays:
                %s      fan-run: {coil: %d}
                      fan-high: {coil: %d}
                      damper-open: {coil: %d}
                      damper-close: {coil: %d}
                    inputs:
                      airflow: {discrete-input: %d}
                      cutout: {discrete-input: %d}
                %s  meter:
                    model: sdm630
                    tcp: 127.0.0.1:%d
                    unit: %d
                    max-power-kw: 80
                """.formatted(options.dir().toAbsolutePath(), controller.dataDir(),
                options.lockstep() ? "clock: simulator\n" : "",
                hp ? "heat-pump" : "resistive", hp ? 1 : 3, hp ? "16" : "18", ioPort(), BOARD_UNIT, heaters,
                COIL_FAN_RUN, COIL_FAN_HIGH, COIL_DAMPER_OPEN, COIL_DAMPER_CLOSE, INPUT_AIRFLOW, INPUT_CUTOUT, probes,
                meterPort(), METER_UNIT) + controller.yaml("sichuan-2023-thermal");
    }

    /** The controller's side of the printed config: data folder, CoAP ports, uplink. */
    public ControllerSections controller() {
        return controller;
    }

    /** Saves the world one last time and stops answering. */
    @Override
    public synchronized void close() {
        saveWorld();
        gateway.close();
        meter.close();
    }
}
