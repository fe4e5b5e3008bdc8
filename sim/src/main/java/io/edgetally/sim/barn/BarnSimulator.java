package io.edgetally.sim.barn;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.sim.physics.Psychrometrics;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bulk curing barn as a lumped model with four physical states: air-and-leaf temperature T, humidity ratio W,
 * water left in the leaf Mw and inner wall temperature Ts (plus the heating room's temperature, which matters only
 * when the fan stops). See {@code docs/curing.md}, "The simulated barn".
 *
 * <p>Energy balance on the air-and-leaf node, derived from the enthalpy of dry air, vapour and liquid water:
 * <pre>
 *   C(Mw)·dT/dt = Q_heat + Q_fan + Q_resp − G_in·(T − Ts) − m_vent·(c_pa + c_pv·W_amb)·(T − T_amb) − E·h_fg(T)
 *   m_air·dW/dt = E − m_cond − m_vent·(W − W_amb)          dMw/dt = −E
 *   E = k40·exp(s·(T − 40))·(Mw/Mw0)^n·max(0, p_sat(T_wb) − p_v(W))
 * </pre>
 * The ventilation term is sensible only: the latent heat carried off in vented vapour was already paid once, as
 * E·h_fg, when the water evaporated (writing both m_vent·Δh and E·h_fg would count it twice).
 *
 * <p>Integration is explicit with substeps of at most {@value #MAX_SUBSTEP_SECONDS} s, except the stiff parts:
 * ventilation in the vapour balance is implicit and the heating room is updated exactly. The inner loop
 * allocates nothing. Not thread-safe: one control loop owns a simulator.
 */
public final class BarnSimulator {

    static final double MAX_SUBSTEP_SECONDS = 5.0;
    private static final double CP_AIR = 1006.0;
    private static final double CP_VAPOUR = 1860.0;
    private static final double CP_WATER = 4186.0;
    private static final double R_DRY_AIR = 287.055;
    private static final double STILL_AIR_DRYING_FACTOR = 0.3;
    private static final BarnFault[] FAULTS = BarnFault.values();

    private final BarnParameters parameters;
    private final Psychrometrics psychrometrics;
    private final AmbientClimate ambient;
    private final SensorModel sensors;
    private final double initialLeafWaterKg;
    private final double initialMidribWaterKg;
    private final double leafTonnes;
    private final double outerWattsPerKelvin;
    private final double fixedHeatCapacity;

    private double elapsedSeconds;
    private double barnCelsius;
    private double humidityRatio;
    private double leafWaterKg;
    private double midribWaterKg;
    private double wallCelsius;
    private double heatingRoomCelsius;
    private double wetBulbCelsius;
    private double damperFraction;
    private double respirationReserveJoules;
    private double importKwh;
    private boolean cutoutTripped;

    private final boolean[] faultActive = new boolean[FAULTS.length];
    private final double[] faultEndsAtSeconds = new double[FAULTS.length];

    private String[] stageLabels = new String[8];
    private double[] stageRemovedKg = new double[8];
    private int stageCount;
    private int currentStage;

    private final Diagnostics last = new Diagnostics();

    public BarnSimulator(BarnParameters parameters) {
        this.parameters = parameters;
        this.psychrometrics = new Psychrometrics(parameters.pressureKpa());
        this.ambient = new AmbientClimate(parameters.ambient(), parameters.seed());
        BarnParameters.Leaf leaf = parameters.leaf();
        this.initialLeafWaterKg = leaf.waterKg();
        this.initialMidribWaterKg = initialLeafWaterKg * leaf.midribWaterShare();
        this.leafTonnes = leaf.freshLeafKg() / 1000.0;
        this.outerWattsPerKelvin = parameters.structure().outerWattsPerKelvin();
        this.fixedHeatCapacity = parameters.structure().rackHeatCapacityJoulesPerKelvin()
                + leaf.dryMatterKg() * leaf.dryMatterJoulesPerKgKelvin();
        this.respirationReserveJoules = leaf.respirationReserveKwhPerTonne() * leaf.freshLeafKg() / 1000.0 * 3.6e6;

        double ta = ambient.temperatureCelsius(0.0);
        this.barnCelsius = ta;
        this.wallCelsius = ta;
        this.heatingRoomCelsius = ta;
        this.humidityRatio = psychrometrics.humidityRatioFromRelativeHumidity(ta, ambient.relativeHumidity(0.0));
        this.leafWaterKg = initialLeafWaterKg;
        this.midribWaterKg = initialMidribWaterKg;
        this.wetBulbCelsius = psychrometrics.wetBulbCelsius(ta, humidityRatio);
        this.sensors = new SensorModel(parameters.sensors(), parameters.seed(), barnCelsius, wetBulbCelsius);
        this.sensors.setStatus(false, true, false, false);
        setStageLabel("unlabelled");
        last.ambientCelsius = ta;
        last.ambientRelativeHumidity = ambient.relativeHumidity(0.0);
    }

    public BarnParameters parameters() {
        return parameters;
    }

    /** Advance the barn by {@code dt} with these actuator states held throughout. */
    public void step(Duration dt, Actuation actuation) {
        if (dt.isNegative()) {
            throw new IllegalArgumentException("the barn cannot step backwards: " + dt);
        }
        double seconds = dt.getSeconds() + dt.getNano() * 1e-9;
        if (seconds == 0.0) {
            return;
        }
        int substeps = (int) Math.ceil(seconds / MAX_SUBSTEP_SECONDS);
        double h = seconds / substeps;
        for (int i = 0; i < substeps; i++) {
            substep(h, actuation);
        }
        sensors.at(elapsedSeconds);
    }

    private void substep(double h, Actuation command) {
        expireFaults();
        boolean mains = !faultActive[BarnFault.MAINS_LOSS.ordinal()];
        double ta = ambient.temperatureCelsius(elapsedSeconds);
        double rha = ambient.relativeHumidity(elapsedSeconds);
        double wa = psychrometrics.humidityRatioFromRelativeHumidity(ta, rha);

        FanSpeed fan = mains && !faultActive[BarnFault.FAN_STOP.ordinal()] ? command.fan() : FanSpeed.OFF;
        moveDamper(h, mains, command.damperOpenFraction());
        double fanWatts = switch (fan) {
            case HIGH -> parameters.fan().highWatts();
            case LOW -> parameters.fan().lowWatts();
            case OFF -> 0.0;
        };

        // Heating plant: what is energised after faults, the cut-out and the supply have had their say.
        double plantWatts = 0.0;
        double roomHeatWatts = 0.0;
        double coilSensibleWatts = 0.0;
        double condensingKgPerSecond = 0.0;
        boolean stuck = faultActive[BarnFault.HEATER_RELAY_STUCK_ON.ordinal()];
        boolean heatAllowed = mains && !cutoutTripped;
        double hfg = (2501.0 - 2.326 * barnCelsius) * 1000.0;
        double airKg = dryAirKg();
        switch (parameters.plant()) {
            case HeatingPlant.Resistive resistive -> {
                int stages = Math.min(command.heaterStagesOn(), resistive.stages());
                if (stuck) {
                    stages = Math.max(stages, 1);
                }
                plantWatts = heatAllowed ? resistive.electricWatts(stages, barnCelsius, ta) : 0.0;
                roomHeatWatts = plantWatts;
            }
            case HeatingPlant.HeatPump pump -> {
                boolean dehumidify = command.dehumidify();
                boolean running = command.heaterStagesOn() > 0 || dehumidify || stuck;
                running &= heatAllowed && !faultActive[BarnFault.COMPRESSOR_TRIP.ordinal()];
                if (running) {
                    plantWatts = pump.compressorWatts();
                    if (dehumidify) {
                        roomHeatWatts = pump.dehumidifyCop() * plantWatts;
                        double coilWatts = roomHeatWatts - plantWatts;
                        double latentShare = coilLatentShare(pump.coilCelsius());
                        condensingKgPerSecond = Math.min(latentShare * coilWatts / hfg,
                                0.5 * Math.max(0.0, humidityRatio - psychrometrics.saturationHumidityRatio(
                                        pump.coilCelsius())) * airKg / h);
                        coilSensibleWatts = coilWatts - condensingKgPerSecond * hfg;
                    } else {
                        roomHeatWatts = pump.heatingCop(barnCelsius, ta) * plantWatts;
                    }
                }
            }
        }
        double electricWatts = mains ? plantWatts + fanWatts + parameters.fan().controlsWatts() : 0.0;

        // Heating room: exact update of a single node, so a stopped fan overheats it without any step limit.
        BarnParameters.Fan fanParameters = parameters.fan();
        double roomConductance = switch (fan) {
            case HIGH -> fanParameters.highWattsPerKelvin();
            case LOW -> fanParameters.lowWattsPerKelvin();
            case OFF -> fanParameters.stillWattsPerKelvin();
        };
        double roomEquilibrium = barnCelsius + roomHeatWatts / roomConductance;
        double roomNext = roomEquilibrium + (heatingRoomCelsius - roomEquilibrium)
                * Math.exp(-roomConductance * h / fanParameters.heatingRoomJoulesPerKelvin());
        double heatToBarnWatts = roomHeatWatts
                - fanParameters.heatingRoomJoulesPerKelvin() * (roomNext - heatingRoomCelsius) / h;
        heatingRoomCelsius = roomNext;
        if (heatingRoomCelsius >= fanParameters.cutoutCelsius()) {
            cutoutTripped = true;
        }

        // Leaf: drying on the wet-bulb drive, and respiration heat while the cells live.
        wetBulbCelsius = psychrometrics.wetBulbCelsius(barnCelsius, humidityRatio, wetBulbCelsius);
        double drivingKpa = Math.max(0.0, Psychrometrics.saturationPressureKpa(wetBulbCelsius)
                - psychrometrics.vapourPressureKpa(humidityRatio));
        double airOverLeaf = switch (fan) {
            case HIGH -> 1.0;
            case LOW -> fanParameters.lowSpeedDryingFactor();
            case OFF -> STILL_AIR_DRYING_FACTOR;
        };
        BarnParameters.Leaf leaf = parameters.leaf();
        double laminaWaterKg = leafWaterKg - midribWaterKg;
        double initialLaminaKg = initialLeafWaterKg - initialMidribWaterKg;
        double laminaKgPerSecond = initialLaminaKg <= 0.0 ? 0.0 : Math.min(laminaWaterKg / h, airOverLeaf
                * leaf.lamina().kgPerSecond(leafTonnes, barnCelsius, laminaWaterKg / initialLaminaKg, drivingKpa));
        double midribKgPerSecond = initialMidribWaterKg <= 0.0 ? 0.0 : Math.min(midribWaterKg / h, airOverLeaf
                * leaf.midrib().kgPerSecond(leafTonnes, barnCelsius, midribWaterKg / initialMidribWaterKg,
                drivingKpa));
        double dryingKgPerSecond = laminaKgPerSecond + midribKgPerSecond;
        double respirationWatts = respirationWatts(h);

        // Air exchange and the energy balance.
        double ventKgPerSecond = airKg * parameters.ventilation().leakAirChangesPerHour() / 3600.0
                + damperFraction * parameters.ventilation().damperMaxAirKgPerHour() / 3600.0;
        double wallWatts = parameters.structure().innerSurfaceWattsPerKelvin() * (barnCelsius - wallCelsius);
        double ventWatts = ventKgPerSecond * (CP_AIR + CP_VAPOUR * wa) * (barnCelsius - ta);
        double evaporationWatts = dryingKgPerSecond * hfg;
        double capacity = fixedHeatCapacity + leafWaterKg * CP_WATER + airKg * (CP_AIR + CP_VAPOUR * humidityRatio);
        double netWatts = heatToBarnWatts + fanWatts + respirationWatts - coilSensibleWatts - wallWatts - ventWatts
                - evaporationWatts;

        double wallNet = wallWatts - outerWattsPerKelvin * (wallCelsius - ta);
        wallCelsius += wallNet * h / parameters.structure().wallHeatCapacityJoulesPerKelvin();
        barnCelsius += netWatts * h / capacity;
        double w = (airKg * humidityRatio + h * (dryingKgPerSecond - condensingKgPerSecond + ventKgPerSecond * wa))
                / (airKg + h * ventKgPerSecond);
        double removed = dryingKgPerSecond * h;
        double saturated = psychrometrics.saturationHumidityRatio(barnCelsius);
        if (w > saturated) {
            // Fog: the excess condenses back onto leaf and racks and gives its latent heat to them.
            double condensedKg = (w - saturated) * airKg;
            removed -= condensedKg;
            barnCelsius += condensedKg * hfg / capacity;
            w = saturated;
        }
        humidityRatio = Math.max(0.0, w);
        leafWaterKg -= removed;
        midribWaterKg -= midribKgPerSecond * h;
        stageRemovedKg[currentStage] += removed;
        if (mains) {
            importKwh += electricWatts * h / 3.6e6;
        }
        elapsedSeconds += h;

        sensors.update(h, barnCelsius, wetBulbCelsius, faultActive[BarnFault.WICK_DRY_OUT.ordinal()]);
        sensors.setStatus(faultActive[BarnFault.DRY_BULB_PROBE_OPEN.ordinal()], mains, fan != FanSpeed.OFF,
                cutoutTripped);

        last.ambientCelsius = ta;
        last.ambientRelativeHumidity = rha;
        last.dryingKgPerSecond = dryingKgPerSecond;
        last.condensingKgPerSecond = condensingKgPerSecond;
        last.ventKgPerSecond = ventKgPerSecond;
        last.heatLoadWatts = wallWatts + ventWatts + evaporationWatts;
        last.heatDeliveredWatts = heatToBarnWatts + fanWatts - coilSensibleWatts;
        last.electricWatts = electricWatts;
        last.fanTurning = fan != FanSpeed.OFF;
        last.mains = mains;
    }

    /** Share of the coil's heat that condenses vapour, taking the air towards saturation at the coil surface. */
    private double coilLatentShare(double coilCelsius) {
        double coilSaturated = psychrometrics.saturationHumidityRatio(coilCelsius);
        double latent = (humidityRatio - coilSaturated) * 2501.0;
        double total = Psychrometrics.enthalpyKjPerKg(barnCelsius, humidityRatio)
                - Psychrometrics.enthalpyKjPerKg(coilCelsius, coilSaturated);
        if (latent <= 0.0 || total <= 0.0) {
            return 0.0;
        }
        return Math.min(1.0, latent / total);
    }

    /** Respiration: Q10 of 2 about 35 °C, ceasing as the cells die between 42 and 50 °C, bounded by the reserve. */
    private double respirationWatts(double h) {
        if (respirationReserveJoules <= 0.0) {
            return 0.0;
        }
        BarnParameters.Leaf leaf = parameters.leaf();
        double viability = Math.max(0.0, Math.min(1.0, (50.0 - barnCelsius) / 8.0));
        double watts = leaf.respirationWattsPerTonne() * leaf.freshLeafKg() / 1000.0
                * Math.pow(2.0, (barnCelsius - 35.0) / 10.0) * viability;
        watts = Math.min(watts, respirationReserveJoules / h);
        respirationReserveJoules -= watts * h;
        return watts;
    }

    private void moveDamper(double h, boolean mains, double commanded) {
        if (!mains || faultActive[BarnFault.DAMPER_STUCK.ordinal()]) {
            return;
        }
        double stroke = parameters.ventilation().damperStrokeSeconds();
        double maxMove = stroke > 0.0 ? h / stroke : 1.0;
        damperFraction += Math.max(-maxMove, Math.min(maxMove, commanded - damperFraction));
    }

    /** Dry air in the barn: the volume is fixed, so warming pushes air out through the leaks. */
    private double dryAirKg() {
        double vapourPa = psychrometrics.vapourPressureKpa(humidityRatio) * 1000.0;
        return parameters.structure().airVolumeM3() * (parameters.pressureKpa() * 1000.0 - vapourPa)
                / (R_DRY_AIR * (barnCelsius + 273.15));
    }

    private void expireFaults() {
        for (int i = 0; i < faultActive.length; i++) {
            if (faultActive[i] && elapsedSeconds >= faultEndsAtSeconds[i]) {
                faultActive[i] = false;
            }
        }
    }

    /** Start {@code fault} until {@link #clear(BarnFault)} is called. */
    public void inject(BarnFault fault) {
        faultActive[fault.ordinal()] = true;
        faultEndsAtSeconds[fault.ordinal()] = Double.POSITIVE_INFINITY;
    }

    /** Start {@code fault} for {@code duration} of simulated time (e.g. a 2 h mains loss). */
    public void inject(BarnFault fault, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a fault lasts a positive time, was " + duration);
        }
        faultActive[fault.ordinal()] = true;
        faultEndsAtSeconds[fault.ordinal()] = elapsedSeconds + duration.toMillis() / 1000.0;
    }

    public void clear(BarnFault fault) {
        faultActive[fault.ordinal()] = false;
    }

    public boolean isActive(BarnFault fault) {
        return faultActive[fault.ordinal()];
    }

    public Set<BarnFault> activeFaults() {
        EnumSet<BarnFault> active = EnumSet.noneOf(BarnFault.class);
        for (BarnFault fault : FAULTS) {
            if (faultActive[fault.ordinal()]) {
                active.add(fault);
            }
        }
        return active;
    }

    /** The technician presses the cut-out's reset button: it closes again only once the duct has cooled. */
    public boolean resetCutout() {
        if (heatingRoomCelsius < parameters.fan().cutoutCelsius() - 10.0) {
            cutoutTripped = false;
        }
        return !cutoutTripped;
    }

    /**
     * Book the water removed from now on under {@code label} (for example the curing stage), so a cure's
     * moisture split can be compared with the literature.
     */
    public void setStageLabel(String label) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("stage label must not be blank");
        }
        for (int i = 0; i < stageCount; i++) {
            if (stageLabels[i].equals(label)) {
                currentStage = i;
                return;
            }
        }
        if (stageCount == stageLabels.length) {
            stageLabels = java.util.Arrays.copyOf(stageLabels, stageCount * 2);
            stageRemovedKg = java.util.Arrays.copyOf(stageRemovedKg, stageCount * 2);
        }
        stageLabels[stageCount] = label;
        currentStage = stageCount++;
    }

    /**
     * The barn's physical state, enough to carry it across a restart of the simulator process: leaf, air and
     * walls keep their heat and water, and the meter its count, as they would in a real barn whose controller
     * was killed. Faults are not carried; ambient weather is a function of time.
     */
    public record Snapshot(double elapsedSeconds, double barnCelsius, double humidityRatio, double leafWaterKg,
                           double midribWaterKg, double wallCelsius, double heatingRoomCelsius, double wetBulbCelsius,
                           double damperFraction, double respirationReserveJoules, double importKwh,
                           boolean cutoutTripped, Map<String, Double> waterRemovedKgByStage,
                           Optional<SensorModel.State> probes) {
        public Snapshot {
            waterRemovedKgByStage = Map.copyOf(waterRemovedKgByStage);
        }

        /** A snapshot without the probes' state (the probes settle on the restored air). */
        public Snapshot(double elapsedSeconds, double barnCelsius, double humidityRatio, double leafWaterKg,
                        double midribWaterKg, double wallCelsius, double heatingRoomCelsius, double wetBulbCelsius,
                        double damperFraction, double respirationReserveJoules, double importKwh,
                        boolean cutoutTripped, Map<String, Double> waterRemovedKgByStage) {
            this(elapsedSeconds, barnCelsius, humidityRatio, leafWaterKg, midribWaterKg, wallCelsius,
                    heatingRoomCelsius, wetBulbCelsius, damperFraction, respirationReserveJoules, importKwh,
                    cutoutTripped, waterRemovedKgByStage, Optional.empty());
        }
    }

    public Snapshot snapshot() {
        Map<String, Double> byStage = new LinkedHashMap<>();
        for (int i = 0; i < stageCount; i++) {
            byStage.put(stageLabels[i], stageRemovedKg[i]);
        }
        return new Snapshot(elapsedSeconds, barnCelsius, humidityRatio, leafWaterKg, midribWaterKg, wallCelsius,
                heatingRoomCelsius, wetBulbCelsius, damperFraction, respirationReserveJoules, importKwh,
                cutoutTripped, byStage, Optional.of(sensors.state()));
    }

    /**
     * Puts the barn back in a state taken by {@link #snapshot()}: with the probes' lags, wick and noise where they
     * were, so the barn goes on exactly as if it had not stopped (a snapshot without them: the probes settle on the
     * restored air).
     */
    public void restore(Snapshot s) {
        if (s.leafWaterKg() < 0 || s.leafWaterKg() > initialLeafWaterKg || s.importKwh() < 0) {
            throw new IllegalArgumentException("snapshot does not fit this barn: leaf water " + s.leafWaterKg()
                    + " kg of " + initialLeafWaterKg + ", meter " + s.importKwh() + " kWh");
        }
        elapsedSeconds = s.elapsedSeconds();
        barnCelsius = s.barnCelsius();
        humidityRatio = s.humidityRatio();
        leafWaterKg = s.leafWaterKg();
        midribWaterKg = s.midribWaterKg();
        wallCelsius = s.wallCelsius();
        heatingRoomCelsius = s.heatingRoomCelsius();
        wetBulbCelsius = s.wetBulbCelsius();
        damperFraction = s.damperFraction();
        respirationReserveJoules = s.respirationReserveJoules();
        importKwh = s.importKwh();
        cutoutTripped = s.cutoutTripped();
        for (Map.Entry<String, Double> e : s.waterRemovedKgByStage().entrySet()) {
            setStageLabel(e.getKey());
            stageRemovedKg[currentStage] = e.getValue();
        }
        s.probes().ifPresentOrElse(sensors::restore, () -> sensors.settle(barnCelsius, wetBulbCelsius));
        sensors.at(elapsedSeconds);
    }

    public SensorModel sensors() {
        return sensors;
    }

    public SensorReadings readSensors() {
        return sensors.read();
    }

    /** The kWh meter's cumulative import register. */
    public double importKwh() {
        return importKwh;
    }

    public Duration elapsed() {
        return Duration.ofNanos(Math.round(elapsedSeconds * 1e9));
    }

    public BarnState trueState() {
        Map<String, Double> byStage = new LinkedHashMap<>();
        for (int i = 0; i < stageCount; i++) {
            byStage.put(stageLabels[i], stageRemovedKg[i]);
        }
        return new BarnState(elapsed(), barnCelsius, humidityRatio, wetBulbCelsius,
                psychrometrics.relativeHumidity(barnCelsius, humidityRatio), wallCelsius, heatingRoomCelsius,
                last.ambientCelsius, last.ambientRelativeHumidity, leafWaterKg, initialLeafWaterKg - leafWaterKg,
                byStage, last.dryingKgPerSecond * 3600.0, last.condensingKgPerSecond * 3600.0,
                last.ventKgPerSecond * 3600.0, damperFraction, last.heatLoadWatts, last.heatDeliveredWatts,
                last.electricWatts, importKwh, last.fanTurning, cutoutTripped, last.mains);
    }

    /** Rates of the last substep, kept for {@link #trueState()}. */
    private static final class Diagnostics {
        double ambientCelsius;
        double ambientRelativeHumidity;
        double dryingKgPerSecond;
        double condensingKgPerSecond;
        double ventKgPerSecond;
        double heatLoadWatts;
        double heatDeliveredWatts;
        double electricWatts;
        boolean fanTurning;
        boolean mains = true;
    }
}
