package io.edgetally.barn.curing;

import java.time.Duration;

/**
 * Everything about a barn's control a commissioning engineer may tune; {@link #defaults()} suits a 4,000 kg bulk
 * barn (air+leaf heat capacity ~15 MJ/K, 3 × 18 kW, damper up to ~3,000 kg/h).
 *
 * @param plant                the heater
 * @param processWindowCelsius the process clock and the ramp run only while the dry bulb is this close to the
 *                             ramped setpoint
 * @param heat                 dry-bulb loop
 * @param damper               wet-bulb loop
 * @param safety               fault detection
 * @param operatorOverdue      how long an operator step may wait for confirmation before a warning alarm
 * @param maxCycleGap          a longer gap between cycles (a stalled process) is not counted as process time
 * @param resumeRampCelsiusPerHour after a power cut the barn is brought back to the step's target at this rate
 *                             when the step's own ramp is slower (the leaf takes the warm-up rate; a 0.4 °C/h
 *                             colour-fixing ramp from a barn cooled to ambient would take a day)
 */
public record CuringTuning(
        HeaterPlant plant,
        double processWindowCelsius,
        HeatLoop heat,
        DamperLoop damper,
        Safety safety,
        Duration operatorOverdue,
        Duration maxCycleGap,
        double resumeRampCelsiusPerHour) {

    public CuringTuning {
        if (!(processWindowCelsius > 0 && processWindowCelsius <= 5)) {
            throw new IllegalArgumentException("processWindowCelsius must be in (0, 5], was " + processWindowCelsius);
        }
        if (!(resumeRampCelsiusPerHour > 0 && resumeRampCelsiusPerHour <= 5)) {
            throw new IllegalArgumentException("resumeRampCelsiusPerHour must be in (0, 5], was "
                    + resumeRampCelsiusPerHour);
        }
    }

    public static CuringTuning defaults() {
        return new CuringTuning(HeaterPlant.Resistive.defaults(), 1.0, HeatLoop.defaults(), DamperLoop.defaults(),
                Safety.defaults(), Duration.ofHours(4), Duration.ofMinutes(2), 1.0);
    }

    public CuringTuning withPlant(HeaterPlant p) {
        return new CuringTuning(p, processWindowCelsius, heat, damper, safety, operatorOverdue,
                maxCycleGap, resumeRampCelsiusPerHour);
    }

    public CuringTuning withSafety(Safety s) {
        return new CuringTuning(plant, processWindowCelsius, heat, damper, s, operatorOverdue,
                maxCycleGap, resumeRampCelsiusPerHour);
    }

    public CuringTuning withProcessWindowCelsius(double w) {
        return new CuringTuning(plant, w, heat, damper, safety, operatorOverdue, maxCycleGap,
                resumeRampCelsiusPerHour);
    }

    /**
     * PI on the dry bulb; output is a demand 0..1 of the installed heat, staged by time proportioning.
     *
     * @param gainPerCelsius  demand per °C of error (0.3: 1 °C short asks for 30 % of the heat)
     * @param integralTime    PI reset time; long because the barn's heat capacity is large
     */
    public record HeatLoop(double gainPerCelsius, Duration integralTime) {
        public HeatLoop {
            if (!(gainPerCelsius > 0) || integralTime.isNegative() || integralTime.isZero()) {
                throw new IllegalArgumentException("heat loop needs a positive gain and integral time: "
                        + gainPerCelsius + ", " + integralTime);
            }
        }

        public static HeatLoop defaults() {
            return new HeatLoop(0.3, Duration.ofMinutes(60));
        }
    }

    /**
     * Floating (move-by-move) control of the moist-air damper on the wet bulb. A move is
     * {@code gain × error × (position + leakOffset)}: the wet bulb reacts to the damper roughly in proportion to
     * 1/(ventilation), so moves scale with the opening to keep the loop's gain even from nearly closed to open.
     *
     * @param deadbandCelsius     no move while the wet bulb is this close to its setpoint
     * @param minDwell            shortest time between two moves (damper motor life; the wet bulb lags minutes)
     * @param gainPerCelsius      relative move per °C of wet-bulb error
     * @param leakOffset          the barn's leakage as a fraction of full ventilation
     * @param maxStep             largest single move
     * @param lowWetCelsius       below this wet bulb a too-low reading means the leaf dries too fast ...
     * @param closeWhenLowAfter   ... and if it stays low this long the damper closes fully
     * @param offTargetCelsius    a wet bulb this far from its setpoint ...
     * @param offTargetAfter      ... for this long raises a warning (damper stuck, wick, door open)
     */
    public record DamperLoop(
            double deadbandCelsius,
            Duration minDwell,
            double gainPerCelsius,
            double leakOffset,
            double maxStep,
            double lowWetCelsius,
            Duration closeWhenLowAfter,
            double offTargetCelsius,
            Duration offTargetAfter) {

        public DamperLoop {
            if (!(deadbandCelsius >= 0 && gainPerCelsius > 0 && leakOffset > 0 && maxStep > 0 && maxStep <= 1
                    && offTargetCelsius > deadbandCelsius) || minDwell.isNegative()
                    || closeWhenLowAfter.isNegative() || offTargetAfter.isNegative()) {
                throw new IllegalArgumentException("damper loop: expected deadband >= 0, gain > 0, leak offset > 0, "
                        + "0 < max step <= 1, off-target band above the deadband and no negative times; was " + this);
            }
        }

        public static DamperLoop defaults() {
            return new DamperLoop(0.3, Duration.ofMinutes(2), 0.05, 0.15, 0.1, 40.0, Duration.ofMinutes(30), 1.5,
                    Duration.ofHours(1));
        }
    }

    /**
     * Fault detection. Every fault inhibits heat and raises a CRITICAL alarm.
     *
     * @param stuckAfter             a probe value unchanged (to 0.01 °C) this long ...
     * @param stuckMinHeaterDuty     ... while the heater was on for at least this fraction of it is stuck
     * @param wetAboveDryMarginCelsius wet bulb above dry bulb by more than this is a fault
     * @param dryWickDepressionCelsius wet bulb within this of the dry bulb ...
     * @param dryWickAfter           ... for this long, while the schedule wants a depression, is a dry wick
     * @param overTemperatureMarginCelsius dry bulb above the step's target by more than this
     * @param absoluteMaxDryBulbCelsius dry bulb above this in any step
     * @param hysteresisCelsius      a temperature alarm clears this far inside its limit
     * @param clearAfterCycles       a fault must be gone this many cycles in a row before its alarm clears
     * @param fanStartGrace          after the fan is switched on, its airflow proof may take this long before the
     *                               no-airflow alarm (heat stays off until airflow is proven anyway)
     */
    public record Safety(
            Duration stuckAfter,
            double stuckMinHeaterDuty,
            double wetAboveDryMarginCelsius,
            double dryWickDepressionCelsius,
            Duration dryWickAfter,
            double overTemperatureMarginCelsius,
            double absoluteMaxDryBulbCelsius,
            double hysteresisCelsius,
            int clearAfterCycles,
            Duration fanStartGrace) {

        public Safety {
            if (!(stuckAfter.isPositive() && dryWickAfter.isPositive() && stuckMinHeaterDuty >= 0
                    && stuckMinHeaterDuty <= 1 && wetAboveDryMarginCelsius > 0 && dryWickDepressionCelsius > 0
                    && overTemperatureMarginCelsius > 0 && absoluteMaxDryBulbCelsius > 50 && hysteresisCelsius >= 0
                    && clearAfterCycles >= 1 && !fanStartGrace.isNegative())) {
                throw new IllegalArgumentException("safety limits: expected positive times and margins, a duty in "
                        + "[0, 1], an absolute maximum above 50 °C and at least one clear cycle; was " + this);
            }
        }

        public static Safety defaults() {
            return new Safety(Duration.ofMinutes(30), 0.1, 1.0, 0.3, Duration.ofHours(2), 5.0, 78.0, 0.5, 3,
                    Duration.ofSeconds(30));
        }

        public Safety withStuckAfter(Duration d) {
            return new Safety(d, stuckMinHeaterDuty, wetAboveDryMarginCelsius, dryWickDepressionCelsius,
                    dryWickAfter, overTemperatureMarginCelsius, absoluteMaxDryBulbCelsius, hysteresisCelsius,
                    clearAfterCycles, fanStartGrace);
        }
    }
}
