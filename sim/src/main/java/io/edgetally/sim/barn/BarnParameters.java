package io.edgetally.sim.barn;

/**
 * Everything that makes one simulated barn, with defaults from {@code docs/curing.md} ("The simulated
 * barn", with their sources). Units are in the names; validation names the offending field.
 *
 * @param structure   building: air volume, envelope, walls, racks
 * @param leaf        the load: fresh leaf, its water, drying and respiration behaviour
 * @param ventilation leakage and the moist-air damper
 * @param fan         circulation fan, heating room and the hardware over-temperature cut-out
 * @param plant       resistive stages or a heat pump
 * @param ambient     outside climate
 * @param sensors     probe lags, noise and resolution
 * @param pressureKpa barometric pressure at the site (Jiange is hilly: about 95 kPa)
 * @param seed        seeds the weather and sensor noise; the same seed gives the same run
 */
public record BarnParameters(
        Structure structure,
        Leaf leaf,
        Ventilation ventilation,
        Fan fan,
        HeatingPlant plant,
        Ambient ambient,
        Sensors sensors,
        double pressureKpa,
        long seed) {

    public BarnParameters {
        require(structure != null && leaf != null && ventilation != null && fan != null && plant != null
                && ambient != null && sensors != null, "parameters", "every part must be given");
        require(pressureKpa >= 60.0 && pressureKpa <= 110.0, "pressureKpa", "in [60, 110], was " + pressureKpa);
    }

    /** A 4,000 kg load in a plain-brick bulk barn with 3 × 18 kW resistive heat, at 95 kPa. */
    public static BarnParameters defaults() {
        return new BarnParameters(Structure.defaults(), Leaf.defaults(), Ventilation.defaults(), Fan.defaults(),
                HeatingPlant.Resistive.defaults(), Ambient.defaults(), Sensors.defaults(), 95.0, 1L);
    }

    public BarnParameters withPlant(HeatingPlant newPlant) {
        return new BarnParameters(structure, leaf, ventilation, fan, newPlant, ambient, sensors, pressureKpa, seed);
    }

    public BarnParameters withStructure(Structure newStructure) {
        return new BarnParameters(newStructure, leaf, ventilation, fan, plant, ambient, sensors, pressureKpa, seed);
    }

    public BarnParameters withLeaf(Leaf newLeaf) {
        return new BarnParameters(structure, newLeaf, ventilation, fan, plant, ambient, sensors, pressureKpa, seed);
    }

    public BarnParameters withAmbient(Ambient newAmbient) {
        return new BarnParameters(structure, leaf, ventilation, fan, plant, newAmbient, sensors, pressureKpa, seed);
    }

    public BarnParameters withSeed(long newSeed) {
        return new BarnParameters(structure, leaf, ventilation, fan, plant, ambient, sensors, pressureKpa, newSeed);
    }

    /**
     * The building. The envelope is two conductances in series through the wall's heat capacity, chosen so that
     * their series value is {@code envelopeUaWattsPerKelvin}.
     *
     * @param airVolumeM3                     loading room plus heating room
     * @param envelopeUaWattsPerKelvin        overall UA: about 100 insulated, about 250 plain brick
     * @param innerSurfaceWattsPerKelvin      air-to-wall film conductance (about 8 W/m²K over 120 m²)
     * @param wallHeatCapacityJoulesPerKelvin the part of the wall mass that takes part in a cure
     * @param rackHeatCapacityJoulesPerKelvin racks, clips, floor surface: follow the air closely
     */
    public record Structure(double airVolumeM3, double envelopeUaWattsPerKelvin, double innerSurfaceWattsPerKelvin,
                            double wallHeatCapacityJoulesPerKelvin, double rackHeatCapacityJoulesPerKelvin) {

        public static final double INSULATED_UA_WATTS_PER_KELVIN = 100.0;
        public static final double PLAIN_BRICK_UA_WATTS_PER_KELVIN = 250.0;

        public Structure {
            require(airVolumeM3 >= 10.0 && airVolumeM3 <= 1000.0, "structure.airVolumeM3",
                    "in [10, 1000], was " + airVolumeM3);
            require(envelopeUaWattsPerKelvin > 0.0 && envelopeUaWattsPerKelvin < innerSurfaceWattsPerKelvin,
                    "structure.envelopeUaWattsPerKelvin",
                    "> 0 and below innerSurfaceWattsPerKelvin (" + innerSurfaceWattsPerKelvin + "), was "
                            + envelopeUaWattsPerKelvin);
            require(wallHeatCapacityJoulesPerKelvin > 0.0, "structure.wallHeatCapacityJoulesPerKelvin", "> 0");
            require(rackHeatCapacityJoulesPerKelvin >= 0.0, "structure.rackHeatCapacityJoulesPerKelvin", ">= 0");
        }

        public static Structure defaults() {
            return new Structure(94.5, INSULATED_UA_WATTS_PER_KELVIN, 950.0, 15.0e6, 2.0e6);
        }

        public Structure withEnvelopeUa(double wattsPerKelvin) {
            return new Structure(airVolumeM3, wattsPerKelvin, innerSurfaceWattsPerKelvin,
                    wallHeatCapacityJoulesPerKelvin, rackHeatCapacityJoulesPerKelvin);
        }

        /** Outer conductance such that inner and outer in series give the envelope UA. */
        double outerWattsPerKelvin() {
            return 1.0 / (1.0 / envelopeUaWattsPerKelvin - 1.0 / innerSurfaceWattsPerKelvin);
        }
    }

    /**
     * The leaf load. Its water sits in two pools that dry by the same law on the wet-bulb drive,
     * {@code E = k(T) · (M/M0)^n · max(0, p_sat(T_wb) − p_v)}, with {@code k(T) = k40 · exp(s · (T − 40 °C))} per
     * tonne of fresh leaf: the lamina, which gives its water readily from yellowing on, and the midribs, whose
     * water moves only once the leaf is hot and dead. The midrib pool is why stem drying is a stage of its own.
     *
     * @param freshLeafKg                   fresh leaf loaded (2,400–5,000 kg)
     * @param waterFraction                 water share of fresh leaf (fresh:dry ≈ 6.2 gives 0.84)
     * @param dryMatterJoulesPerKgKelvin    specific heat of leaf dry matter
     * @param midribWaterShare              share of the leaf water held in midribs and veins
     * @param lamina                        drying law of the lamina water
     * @param midrib                        drying law of the midrib water
     * @param respirationWattsPerTonne      leaf respiration heat at 35 °C per tonne fresh leaf, early in the cure
     * @param respirationReserveKwhPerTonne respirable reserve per tonne: bounds the total respiration heat
     */
    public record Leaf(double freshLeafKg, double waterFraction, double dryMatterJoulesPerKgKelvin,
                       double midribWaterShare, DryingLaw lamina, DryingLaw midrib,
                       double respirationWattsPerTonne, double respirationReserveKwhPerTonne) {

        public Leaf {
            require(freshLeafKg >= 100.0 && freshLeafKg <= 20_000.0, "leaf.freshLeafKg",
                    "in [100, 20000], was " + freshLeafKg);
            require(waterFraction > 0.5 && waterFraction < 0.95, "leaf.waterFraction",
                    "in (0.5, 0.95), was " + waterFraction);
            require(dryMatterJoulesPerKgKelvin > 0.0, "leaf.dryMatterJoulesPerKgKelvin", "> 0");
            require(midribWaterShare >= 0.0 && midribWaterShare < 1.0, "leaf.midribWaterShare", "in [0, 1)");
            require(lamina != null && midrib != null, "leaf.lamina/midrib", "both drying laws");
            require(respirationWattsPerTonne >= 0.0 && respirationReserveKwhPerTonne >= 0.0,
                    "leaf.respiration", "watts and reserve must be >= 0");
        }

        public static Leaf defaults() {
            return new Leaf(4000.0, 0.84, 1500.0, 0.30, new DryingLaw(100.0, 0.0, 2.2),
                    new DryingLaw(3.0, 0.14, 1.0), 600.0, 50.0);
        }

        public Leaf withFreshLeafKg(double kg) {
            return new Leaf(kg, waterFraction, dryMatterJoulesPerKgKelvin, midribWaterShare, lamina, midrib,
                    respirationWattsPerTonne, respirationReserveKwhPerTonne);
        }

        public Leaf withDrying(double newMidribShare, DryingLaw newLamina, DryingLaw newMidrib) {
            return new Leaf(freshLeafKg, waterFraction, dryMatterJoulesPerKgKelvin, newMidribShare, newLamina,
                    newMidrib, respirationWattsPerTonne, respirationReserveKwhPerTonne);
        }

        public double waterKg() {
            return freshLeafKg * waterFraction;
        }

        public double dryMatterKg() {
            return freshLeafKg - waterKg();
        }
    }

    /**
     * {@code k(T) = k40 · exp(s · (T − 40 °C))} times {@code (M/M0)^n}, per kPa of wet-bulb drive.
     *
     * @param kgPerHourKpaTonne  k40: drying rate at 40 °C per kPa of drive per tonne of fresh leaf
     * @param perKelvin          s: how much faster the water leaves per kelvin (membranes fail, diffusion speeds up)
     * @param exponent           n: the last water is bound and leaves slowly
     */
    public record DryingLaw(double kgPerHourKpaTonne, double perKelvin, double exponent) {

        public DryingLaw {
            require(kgPerHourKpaTonne >= 0.0 && kgPerHourKpaTonne <= 10_000.0, "leaf drying k40",
                    "in [0, 10000] kg/(h·kPa·t), was " + kgPerHourKpaTonne);
            require(perKelvin >= -0.1 && perKelvin <= 0.3, "leaf drying perKelvin", "in [-0.1, 0.3], was " + perKelvin);
            require(exponent >= 0.0 && exponent <= 6.0, "leaf drying exponent", "in [0, 6], was " + exponent);
        }

        /** Drying rate in kg/s for {@code tonnes} of fresh leaf, at {@code celsius}, with this share of the pool left. */
        double kgPerSecond(double tonnes, double celsius, double shareLeft, double driveKpa) {
            return kgPerHourKpaTonne * tonnes / 3600.0 * Math.exp(perKelvin * (celsius - 40.0))
                    * Math.pow(Math.max(0.0, shareLeft), exponent) * driveKpa;
        }
    }

    /**
     * @param leakAirChangesPerHour  infiltration through doors and walls with the damper shut (1–2 per hour)
     * @param damperMaxAirKgPerHour  extra dry air exchanged with the damper fully open (≈30 air changes per hour)
     * @param damperStrokeSeconds    damper motor travel time from closed to open
     */
    public record Ventilation(double leakAirChangesPerHour, double damperMaxAirKgPerHour, double damperStrokeSeconds) {

        public Ventilation {
            require(leakAirChangesPerHour >= 0.0 && leakAirChangesPerHour <= 10.0,
                    "ventilation.leakAirChangesPerHour", "in [0, 10], was " + leakAirChangesPerHour);
            require(damperMaxAirKgPerHour > 0.0 && damperMaxAirKgPerHour <= 20_000.0,
                    "ventilation.damperMaxAirKgPerHour", "in (0, 20000], was " + damperMaxAirKgPerHour);
            require(damperStrokeSeconds >= 0.0, "ventilation.damperStrokeSeconds", ">= 0");
        }

        public static Ventilation defaults() {
            return new Ventilation(1.5, 3000.0, 90.0);
        }
    }

    /**
     * The circulation fan carries heat from the heating room into the leaf; without it the heat stays in the
     * heating room, which the independent cut-out watches.
     *
     * @param highWatts                 fan electric power at high speed
     * @param lowWatts                  fan electric power at low speed
     * @param controlsWatts             controller, relays, damper motor standby
     * @param highWattsPerKelvin        heat carried out of the heating room per kelvin at high speed (air flow × cp)
     * @param lowWattsPerKelvin         the same at low speed
     * @param stillWattsPerKelvin       natural convection with the fan stopped
     * @param heatingRoomJoulesPerKelvin elements, ducts and heating-room air
     * @param cutoutCelsius             hardware over-temperature cut-out in the hot-air duct (latches)
     * @param lowSpeedDryingFactor      drying rate at low speed relative to high (less air over the leaf)
     */
    public record Fan(double highWatts, double lowWatts, double controlsWatts, double highWattsPerKelvin,
                      double lowWattsPerKelvin, double stillWattsPerKelvin, double heatingRoomJoulesPerKelvin,
                      double cutoutCelsius, double lowSpeedDryingFactor) {

        public Fan {
            require(highWatts >= lowWatts && lowWatts >= 0.0 && controlsWatts >= 0.0, "fan",
                    "need highWatts >= lowWatts >= 0 and controlsWatts >= 0");
            require(highWattsPerKelvin >= lowWattsPerKelvin && lowWattsPerKelvin > stillWattsPerKelvin
                    && stillWattsPerKelvin > 0.0, "fan", "need high >= low > still > 0 heat transfer");
            require(heatingRoomJoulesPerKelvin > 0.0, "fan.heatingRoomJoulesPerKelvin", "> 0");
            require(cutoutCelsius > 60.0 && cutoutCelsius < 200.0, "fan.cutoutCelsius", "in (60, 200)");
            require(lowSpeedDryingFactor > 0.0 && lowSpeedDryingFactor <= 1.0, "fan.lowSpeedDryingFactor", "in (0, 1]");
        }

        public static Fan defaults() {
            return new Fan(2200.0, 900.0, 50.0, 3500.0, 2100.0, 40.0, 60_000.0, 110.0, 0.9);
        }
    }

    /**
     * Outside air: a diurnal cycle (coolest near 04:00, warmest near 15:00) plus a seeded day-to-day drift.
     *
     * @param meanCelsius         daily mean
     * @param swingCelsius        half the daily range
     * @param minRelativeHumidity afternoon relative humidity (fraction)
     * @param maxRelativeHumidity pre-dawn relative humidity (fraction)
     * @param dayToDayCelsius     standard deviation of the daily mean's drift
     * @param startHourOfDay      local hour at which the simulation starts (loading time)
     */
    public record Ambient(double meanCelsius, double swingCelsius, double minRelativeHumidity,
                          double maxRelativeHumidity, double dayToDayCelsius, double startHourOfDay) {

        public Ambient {
            require(meanCelsius > -30.0 && meanCelsius < 45.0, "ambient.meanCelsius", "in (-30, 45)");
            require(swingCelsius >= 0.0 && swingCelsius < 20.0, "ambient.swingCelsius", "in [0, 20)");
            require(minRelativeHumidity > 0.0 && minRelativeHumidity <= maxRelativeHumidity
                    && maxRelativeHumidity <= 1.0, "ambient.relativeHumidity",
                    "need 0 < min <= max <= 1 (fractions), were " + minRelativeHumidity + ", " + maxRelativeHumidity);
            require(dayToDayCelsius >= 0.0 && dayToDayCelsius < 10.0, "ambient.dayToDayCelsius", "in [0, 10)");
            require(startHourOfDay >= 0.0 && startHourOfDay < 24.0, "ambient.startHourOfDay", "in [0, 24)");
        }

        /** Curing season: 24–30 °C, relative humidity 70–85 %, loading at 08:00. */
        public static Ambient defaults() {
            return new Ambient(27.0, 3.0, 0.70, 0.85, 0.7, 8.0);
        }
    }

    /**
     * @param dryBulbLagSeconds     first-order lag of the dry-bulb probe in its sheath (30–60 s)
     * @param wetBulbLagSeconds     wick and water-cup lag of the wet-bulb probe (2–5 min)
     * @param noiseCelsius          standard deviation of the reading noise
     * @param resolutionCelsius     probe resolution (DS18B20 at 12 bit: 1/16 °C)
     * @param wickDryOutSeconds     time constant with which a dry wick's reading climbs to the dry bulb
     */
    public record Sensors(double dryBulbLagSeconds, double wetBulbLagSeconds, double noiseCelsius,
                          double resolutionCelsius, double wickDryOutSeconds) {

        public Sensors {
            require(dryBulbLagSeconds > 0.0 && wetBulbLagSeconds > 0.0 && wickDryOutSeconds > 0.0, "sensors",
                    "lags and the wick dry-out time must be > 0 s");
            require(noiseCelsius >= 0.0 && resolutionCelsius >= 0.0, "sensors", "noise and resolution must be >= 0");
        }

        public static Sensors defaults() {
            return new Sensors(45.0, 180.0, 0.05, 0.0625, 900.0);
        }
    }

    private static void require(boolean ok, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("barn parameter " + field + ": expected " + expected);
        }
    }
}
