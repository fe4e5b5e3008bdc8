package io.edgetally.sim.physics;

/**
 * Moist-air properties after ASHRAE Handbook Fundamentals 2017, chapter 1 (SI), at one barometric pressure.
 *
 * <p>Curing barns sit in hills (Jiange county is at about 95 kPa), and the humidity ratio behind a dry/wet-bulb
 * pair depends on pressure, so the pressure is a construction parameter, never assumed to be sea level.
 * Temperatures are in °C, pressures in kPa, humidity ratios in kg water vapour per kg dry air, enthalpy in kJ per
 * kg dry air. Instances are immutable and cheap; the methods allocate nothing, so the simulator can call them in
 * its inner loop.
 */
public final class Psychrometrics {

    /** Standard atmosphere, ASHRAE eq. (3) at sea level. */
    public static final double SEA_LEVEL_KPA = 101.325;

    /** Ratio of the molecular masses of water and dry air, ASHRAE eq. (20). */
    private static final double MOLAR_MASS_RATIO = 0.621945;
    private static final double KELVIN = 273.15;

    private final double pressureKpa;

    public Psychrometrics(double pressureKpa) {
        if (!(pressureKpa >= 50.0 && pressureKpa <= 110.0)) {
            throw new IllegalArgumentException(
                    "barometric pressure must be in [50, 110] kPa (sea level is 101.325), was " + pressureKpa);
        }
        this.pressureKpa = pressureKpa;
    }

    public double pressureKpa() {
        return pressureKpa;
    }

    /**
     * Saturation pressure of water vapour, Hyland-Wexler: ASHRAE eq. (5) over ice below 0 °C, eq. (6) over liquid
     * water from 0 to 200 °C.
     */
    public static double saturationPressureKpa(double celsius) {
        if (!(celsius >= -100.0 && celsius <= 200.0)) {
            throw new IllegalArgumentException("saturation pressure is defined for -100..200 °C, was " + celsius);
        }
        double t = celsius + KELVIN;
        double lnPa;
        if (celsius >= 0.0) {
            lnPa = -5.8002206e3 / t + 1.3914993 - 4.8640239e-2 * t + 4.1764768e-5 * t * t
                    - 1.4452093e-8 * t * t * t + 6.5459673 * Math.log(t);
        } else {
            lnPa = -5.6745359e3 / t + 6.3925247 - 9.6778430e-3 * t + 6.2215701e-7 * t * t
                    + 2.0747825e-9 * t * t * t - 9.4840240e-13 * t * t * t * t + 4.1635019 * Math.log(t);
        }
        return Math.exp(lnPa) / 1000.0;
    }

    /** Humidity ratio from the partial pressure of water vapour, ASHRAE eq. (20). */
    public double humidityRatioFromVapourPressure(double vapourPressureKpa) {
        if (!(vapourPressureKpa >= 0.0 && vapourPressureKpa < pressureKpa)) {
            throw new IllegalArgumentException("vapour pressure must be in [0, " + pressureKpa + ") kPa, was "
                    + vapourPressureKpa);
        }
        return MOLAR_MASS_RATIO * vapourPressureKpa / (pressureKpa - vapourPressureKpa);
    }

    /** Partial pressure of water vapour at humidity ratio {@code w}, inverse of ASHRAE eq. (20). */
    public double vapourPressureKpa(double humidityRatio) {
        requireHumidityRatio(humidityRatio);
        return pressureKpa * humidityRatio / (MOLAR_MASS_RATIO + humidityRatio);
    }

    /** Humidity ratio of saturated air, ASHRAE eq. (23); saturation at or above the boiling point is refused. */
    public double saturationHumidityRatio(double celsius) {
        double pws = saturationPressureKpa(celsius);
        if (pws >= pressureKpa) {
            throw new IllegalArgumentException(celsius + " °C is at or above the boiling point at " + pressureKpa
                    + " kPa: no saturation humidity ratio");
        }
        return MOLAR_MASS_RATIO * pws / (pressureKpa - pws);
    }

    /**
     * Humidity ratio behind a psychrometer reading, ASHRAE eq. (33) with a wet wick, eq. (35) with an iced wick.
     *
     * @throws IllegalArgumentException if the wet bulb reads above the dry bulb (a sensor fault, not air)
     */
    public double humidityRatioFromWetBulb(double dryBulbCelsius, double wetBulbCelsius) {
        if (wetBulbCelsius > dryBulbCelsius) {
            throw new IllegalArgumentException("wet bulb " + wetBulbCelsius + " °C above dry bulb " + dryBulbCelsius
                    + " °C: no such air, check the wet-bulb probe");
        }
        return Math.max(0.0, humidityRatioFromWetBulbUnchecked(dryBulbCelsius, wetBulbCelsius));
    }

    private double humidityRatioFromWetBulbUnchecked(double dry, double wet) {
        double wsStar = saturationHumidityRatio(wet);
        if (wet >= 0.0) {
            return ((2501.0 - 2.326 * wet) * wsStar - 1.006 * (dry - wet)) / (2501.0 + 1.86 * dry - 4.186 * wet);
        }
        return ((2830.0 - 0.24 * wet) * wsStar - 1.006 * (dry - wet)) / (2830.0 + 1.86 * dry - 2.1 * wet);
    }

    /** Thermodynamic wet-bulb temperature of air at {@code dryBulbCelsius} and humidity ratio {@code w}. */
    public double wetBulbCelsius(double dryBulbCelsius, double humidityRatio) {
        return wetBulbCelsius(dryBulbCelsius, humidityRatio, dryBulbCelsius - 3.0);
    }

    /**
     * As {@link #wetBulbCelsius(double, double)}, starting the search at {@code guessCelsius}: a simulator that
     * passes the previous step's answer converges in one or two Newton steps.
     * Air at or above saturation (fog) returns the dry bulb.
     */
    public double wetBulbCelsius(double dryBulbCelsius, double humidityRatio, double guessCelsius) {
        requireHumidityRatio(humidityRatio);
        if (humidityRatio >= saturationHumidityRatio(dryBulbCelsius)) {
            return dryBulbCelsius;
        }
        // Eq. (33) rises monotonically with the wet bulb; keep a bracket so Newton can never wander off.
        double lo = -60.0;
        double hi = dryBulbCelsius;
        double t = Math.min(hi, Math.max(lo, guessCelsius));
        for (int i = 0; i < 60; i++) {
            double f = humidityRatioFromWetBulbUnchecked(dryBulbCelsius, t) - humidityRatio;
            if (f > 0.0) {
                hi = t;
            } else {
                lo = t;
            }
            double h = 1e-4;
            double slope = (humidityRatioFromWetBulbUnchecked(dryBulbCelsius, t + h) - (f + humidityRatio)) / h;
            double next = t - f / slope;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - t) < 1e-7) {
                return next;
            }
            t = next;
        }
        return t;
    }

    /** Relative humidity as a fraction 0..1, ASHRAE eq. (22) via the vapour pressure. */
    public double relativeHumidity(double dryBulbCelsius, double humidityRatio) {
        return vapourPressureKpa(humidityRatio) / saturationPressureKpa(dryBulbCelsius);
    }

    /** Humidity ratio of air at {@code dryBulbCelsius} and relative humidity {@code fraction} (0..1). */
    public double humidityRatioFromRelativeHumidity(double dryBulbCelsius, double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("relative humidity must be a fraction in [0, 1], was " + fraction);
        }
        return humidityRatioFromVapourPressure(fraction * saturationPressureKpa(dryBulbCelsius));
    }

    /** Specific enthalpy of moist air per kg of dry air, ASHRAE eq. (32), zero at 0 °C dry air and liquid water. */
    public static double enthalpyKjPerKg(double dryBulbCelsius, double humidityRatio) {
        return 1.006 * dryBulbCelsius + humidityRatio * (2501.0 + 1.86 * dryBulbCelsius);
    }

    /** Dew point: the temperature at which the vapour in {@code w} saturates, found by bisection on eqs. (5)/(6). */
    public double dewPointCelsius(double humidityRatio) {
        double pw = vapourPressureKpa(humidityRatio);
        if (pw <= 0.0) {
            throw new IllegalArgumentException("bone-dry air (humidity ratio 0) has no dew point");
        }
        double lo = -100.0;
        double hi = 200.0;
        for (int i = 0; i < 80 && hi - lo > 1e-7; i++) {
            double mid = 0.5 * (lo + hi);
            if (saturationPressureKpa(mid) > pw) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static void requireHumidityRatio(double w) {
        if (!(w >= 0.0 && w < 1.0)) {
            throw new IllegalArgumentException("humidity ratio must be in [0, 1) kg/kg, was " + w);
        }
    }

    @Override
    public String toString() {
        return "Psychrometrics[" + pressureKpa + " kPa]";
    }
}
