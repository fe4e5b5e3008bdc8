package io.edgetally.sim.site;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.sim.barn.Actuation;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.barn.SensorReadings;
import io.edgetally.sim.io.MockGpio;
import io.edgetally.sim.io.SimModbusMeterServer;
import io.edgetally.sim.io.SimOneWireBus;
import java.time.Duration;

/**
 * The simulated barn's field wiring: what a real barn's relay board, 1-Wire probes, fan proof switch, cut-out
 * contact and Modbus kWh meter would do, played by the barn model. The controller sees only those real
 * interfaces (Pi4J pins, w1_slave files, Modbus TCP); it never touches the model.
 */
public final class BarnRig implements AutoCloseable {

    private final BarnSimulator barn;
    private final MockGpio gpio;
    private final SimOneWireBus oneWire;
    private final SimModbusMeterServer meter;
    private final IoConfig.GpioConfig pins;
    private final String dryProbe;
    private final String wetProbe;
    private final int heaterStages;
    private volatile double importKwh;
    private SensorReadings lastSensors;
    private volatile double powerW;
    private final java.util.Map<String, ProbeFault> probeFaults = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Double> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();

    /** Wiring faults of a probe, on top of what the barn model itself can do (open dry bulb, dry wick). */
    public enum ProbeFault {
        NONE,
        /** cable cut: the probe is gone from the bus */
        OPEN,
        /** data line shorted: all-zero scratchpad */
        SHORT,
        /** the probe keeps reporting its last value */
        STUCK,
        /** the probe reads 3 °C high (a wet-bulb probe in the wrong place reads above the dry bulb) */
        READS_HIGH
    }

    /**
     * @param config the site configuration the controller runs with: its pin map, probe ids and meter are what
     *               this rig wires up
     */
    public BarnRig(BarnSimulator barn, MockGpio gpio, SimOneWireBus oneWire, SiteConfig.Barn config, long meterSerial) {
        this.barn = barn;
        this.gpio = gpio;
        this.oneWire = oneWire;
        this.pins = config.io().gpio();
        this.dryProbe = config.io().oneWire().probes().get(BarnWiring.DRY_BULB);
        this.wetProbe = config.io().oneWire().probes().get(BarnWiring.WET_BULB);
        this.heaterStages = config.barn().heaterStages();
        this.importKwh = barn.importKwh();
        this.meter = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1, meterSerial, () -> importKwh,
                () -> powerW);
    }

    /** Starts the meter's Modbus TCP server; returns its port. */
    public int startMeter(int port) {
        return meter.start(port);
    }

    public SimModbusMeterServer meter() {
        return meter;
    }

    public BarnSimulator barn() {
        return barn;
    }

    /** Puts a wiring fault on the dry-bulb ({@code dry}) or wet-bulb probe. */
    public void setProbeFault(boolean dry, ProbeFault fault) {
        probeFaults.put(dry ? dryProbe : wetProbe, fault);
    }

    /** Presents the barn's current sensors on the wires: call before the controller's first cycle. */
    public void publishSensors() {
        SensorReadings s = barn.readSensors();
        lastSensors = s;
        write(dryProbe, faulted(dryProbe, s.dryBulb()));
        write(wetProbe, faulted(wetProbe, s.wetBulb()));
        drive(BarnWiring.AIRFLOW, s.airflowProven());
        drive(BarnWiring.CUTOUT, s.cutoutTripped());
        importKwh = barn.importKwh();
    }

    /**
     * A controller has just opened its inputs (a boot): the contacts show it the levels they had. The barn's sensors
     * are not read again (the model's sensor noise would draw once more), so a run boots the same way each time.
     */
    public void reconnectInputs() {
        if (lastSensors != null) {
            drive(BarnWiring.AIRFLOW, lastSensors.airflowProven());
            drive(BarnWiring.CUTOUT, lastSensors.cutoutTripped());
        }
    }

    /** Lets {@code dt} of barn time pass with the relays as the controller left them, then updates the wires. */
    public void advance(Duration dt) {
        barn.step(dt, actuation());
        powerW = barn.trueState().electricWatts();
        publishSensors();
    }

    /** Whether the barn (and so the controller's board) has mains power. */
    public boolean powered() {
        return !barn.isActive(BarnFault.MAINS_LOSS);
    }

    /** What the relay contacts deliver now; the damper motor runs while its open or close relay is pulled in. */
    public Actuation actuation() {
        int stages = 0;
        for (int i = 1; i <= heaterStages; i++) {
            if (on(BarnWiring.heaterRelay(i))) {
                stages++;
            }
        }
        boolean dehumidify = pins.relays().containsKey(BarnWiring.DEHUMIDIFIER) && on(BarnWiring.DEHUMIDIFIER);
        FanSpeed fan = !on(BarnWiring.FAN_RUN) ? FanSpeed.OFF : on(BarnWiring.FAN_HIGH) ? FanSpeed.HIGH : FanSpeed.LOW;
        double damper = barn.trueState().damperOpenFraction();
        if (on(BarnWiring.DAMPER_OPEN) && !on(BarnWiring.DAMPER_CLOSE)) {
            damper = 1.0;
        } else if (on(BarnWiring.DAMPER_CLOSE) && !on(BarnWiring.DAMPER_OPEN)) {
            damper = 0.0;
        }
        return new Actuation(stages, dehumidify, damper, fan);
    }

    /** A relay is pulled in only while a controller has its pin open and energises it (not while it is down). */
    private boolean on(String relay) {
        IoConfig.Pin pin = pins.relays().get(relay);
        return gpio.outputOpen(pin.bcm()) && pin.activeLow() != gpio.outputHigh(pin.bcm());
    }

    /** A contact's level reaches a controller only while it has the input open; the next publish sets it again. */
    private void drive(String input, boolean active) {
        IoConfig.Pin pin = pins.inputs().get(input);
        if (gpio.inputOpen(pin.bcm())) {
            gpio.driveInput(pin.bcm(), pin.activeLow() != active);
        }
    }

    private TemperatureReading faulted(String probeId, TemperatureReading r) {
        return switch (probeFaults.getOrDefault(probeId, ProbeFault.NONE)) {
            case NONE -> r;
            case OPEN -> new TemperatureReading.Invalid(TemperatureReading.SensorFault.OPEN, "cable cut");
            case SHORT -> new TemperatureReading.Invalid(TemperatureReading.SensorFault.SHORT, "data line shorted");
            case STUCK -> new TemperatureReading.Valid(lastWritten.getOrDefault(probeId, 25.0));
            case READS_HIGH -> r instanceof TemperatureReading.Valid v ? new TemperatureReading.Valid(v.celsius() + 3) : r;
        };
    }

    private void write(String probeId, TemperatureReading r) {
        switch (r) {
            case TemperatureReading.Valid v -> {
                oneWire.setFault(probeId, SimOneWireBus.Fault.NONE);
                oneWire.write(probeId, v.celsius());
                lastWritten.put(probeId, v.celsius());
            }
            case TemperatureReading.Invalid i -> {
                SimOneWireBus.Fault f = switch (i.fault()) {
                    case SHORT -> SimOneWireBus.Fault.SHORTED;
                    case CRC -> SimOneWireBus.Fault.CRC_FAILURE;
                    case POWER_ON_VALUE -> SimOneWireBus.Fault.POWER_ON_VALUE;
                    default -> SimOneWireBus.Fault.MISSING;
                };
                oneWire.setFault(probeId, f);
                oneWire.write(probeId, 0.0);
            }
        }
    }

    @Override
    public void close() {
        meter.close();
    }
}
