package io.edgetally.sim.barn;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.TemperatureReading.SensorFault;
import java.util.SplittableRandom;

/**
 * The barn's probes as the controller sees them: first-order lags behind the true state, seeded Gaussian noise,
 * the probe's resolution, and the faults a technician meets (dry wick, open probe, dead supply).
 *
 * <p>The wick is modelled by its wetness (1 = wet): a wet wick sits at the thermodynamic wet bulb, a drying one
 * drifts towards the dry bulb with the wick dry-out time constant, and refilling the cup wets it again in a
 * few minutes.
 */
public final class SensorModel {

    private static final double REWET_SECONDS = 120.0;

    private final BarnParameters.Sensors parameters;
    private final long noiseSeed;
    /**
     * The k-th noise sample drawn at barn time t is a function of the seed, t and k alone: a barn restored from a
     * snapshot at t shows the very readings it showed at t, and goes on with the samples it would have drawn had it
     * not stopped; readings taken again at the same time still differ, as a real probe's do.
     */
    private double noiseAtSeconds;
    private long drawsAtThisTime;

    private double dryBulbIndicated;
    private double wetBulbIndicated;
    private double wickWetness = 1.0;
    private boolean dryBulbOpen;
    private boolean powered = true;
    private boolean airflow;
    private boolean cutout;

    SensorModel(BarnParameters.Sensors parameters, long seed, double dryBulbCelsius, double wetBulbCelsius) {
        this.parameters = parameters;
        this.noiseSeed = seed ^ 0x5DEECE66DL;
        this.dryBulbIndicated = dryBulbCelsius;
        this.wetBulbIndicated = wetBulbCelsius;
    }

    /** Advance the probes' lags by {@code dtSeconds} towards the true air state. */
    void update(double dtSeconds, double dryBulbCelsius, double wetBulbCelsius, boolean wickDrying) {
        double wickTau = wickDrying ? parameters.wickDryOutSeconds() : REWET_SECONDS;
        double wickTarget = wickDrying ? 0.0 : 1.0;
        wickWetness += (wickTarget - wickWetness) * (1.0 - Math.exp(-dtSeconds / wickTau));
        double wickCelsius = dryBulbCelsius - wickWetness * (dryBulbCelsius - wetBulbCelsius);
        dryBulbIndicated += (dryBulbCelsius - dryBulbIndicated) * (1.0 - Math.exp(-dtSeconds / parameters.dryBulbLagSeconds()));
        wetBulbIndicated += (wickCelsius - wetBulbIndicated) * (1.0 - Math.exp(-dtSeconds / parameters.wetBulbLagSeconds()));
    }

    void setStatus(boolean dryBulbProbeOpen, boolean mainsPresent, boolean fanTurning, boolean cutoutTripped) {
        this.dryBulbOpen = dryBulbProbeOpen;
        this.powered = mainsPresent;
        this.airflow = fanTurning && mainsPresent;
        this.cutout = cutoutTripped;
    }

    /** The probes have long settled on these values (after a restart from a snapshot without the probes' state). */
    void settle(double dryCelsius, double wetCelsius) {
        dryBulbIndicated = dryCelsius;
        wetBulbIndicated = wetCelsius;
    }

    /** What the probes show and how far the noise has got, to carry across a restart of the simulator. */
    public record State(double dryBulbIndicated, double wetBulbIndicated, double wickWetness) {}

    State state() {
        return new State(dryBulbIndicated, wetBulbIndicated, wickWetness);
    }

    void restore(State s) {
        dryBulbIndicated = s.dryBulbIndicated();
        wetBulbIndicated = s.wetBulbIndicated();
        wickWetness = s.wickWetness();
    }

    /** The barn's time now, seconds since it started: what the noise samples are drawn for. */
    void at(double elapsedSeconds) {
        if (elapsedSeconds != noiseAtSeconds) {
            noiseAtSeconds = elapsedSeconds;
            drawsAtThisTime = 0;
        }
    }

    /** The dry-bulb probe's reading now (a fresh noise sample each call). */
    public TemperatureReading dryBulb() {
        if (!powered) {
            return new TemperatureReading.Invalid(SensorFault.NO_RESPONSE, "dry-bulb probe: no supply (mains lost)");
        }
        if (dryBulbOpen) {
            return new TemperatureReading.Invalid(SensorFault.OPEN, "dry-bulb probe: open circuit");
        }
        return new TemperatureReading.Valid(measured(dryBulbIndicated));
    }

    /** The wet-bulb probe's reading now (a fresh noise sample each call). */
    public TemperatureReading wetBulb() {
        if (!powered) {
            return new TemperatureReading.Invalid(SensorFault.NO_RESPONSE, "wet-bulb probe: no supply (mains lost)");
        }
        return new TemperatureReading.Valid(measured(wetBulbIndicated));
    }

    /** The airflow switch: made only while the fan really turns and the barn has power. */
    public boolean airflowProven() {
        return airflow;
    }

    public boolean cutoutTripped() {
        return cutout;
    }

    /** How wet the wick is, 1 = wet: for tests and the demo's fault display. */
    public double wickWetness() {
        return wickWetness;
    }

    public SensorReadings read() {
        return new SensorReadings(dryBulb(), wetBulb(), airflowProven(), cutoutTripped());
    }

    private double measured(double celsius) {
        long sample = noiseSeed ^ (Double.doubleToLongBits(noiseAtSeconds) * 0x9E3779B97F4A7C15L);
        double gaussian = new SplittableRandom(sample + drawsAtThisTime++ * 0xBF58476D1CE4E5B9L).nextGaussian();
        double value = celsius + parameters.noiseCelsius() * gaussian;
        double step = parameters.resolutionCelsius();
        return step > 0.0 ? Math.round(value / step) * step : value;
    }
}
