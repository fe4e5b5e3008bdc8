package io.edgetally.sim.barn;

/**
 * Outside air around the barn: a diurnal sine (coolest at 03:00, warmest at 15:00, relative humidity moving the
 * other way) on a daily mean that drifts from day to day by a seeded random amount. Pure function of time and
 * seed, allocation-free, so any instant can be asked for in any order.
 */
final class AmbientClimate {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final BarnParameters.Ambient parameters;
    private final long seed;

    AmbientClimate(BarnParameters.Ambient parameters, long seed) {
        this.parameters = parameters;
        this.seed = seed;
    }

    /** Outside dry bulb at {@code elapsedSeconds} after the simulation started. */
    double temperatureCelsius(double elapsedSeconds) {
        return parameters.meanCelsius() + drift(elapsedSeconds) + parameters.swingCelsius() * diurnal(elapsedSeconds);
    }

    /** Outside relative humidity (fraction) at {@code elapsedSeconds}. */
    double relativeHumidity(double elapsedSeconds) {
        double mid = 0.5 * (parameters.minRelativeHumidity() + parameters.maxRelativeHumidity());
        double half = 0.5 * (parameters.maxRelativeHumidity() - parameters.minRelativeHumidity());
        return mid - half * diurnal(elapsedSeconds);
    }

    /** +1 at 15:00, −1 at 03:00 local time. */
    private double diurnal(double elapsedSeconds) {
        double hour = parameters.startHourOfDay() + elapsedSeconds / 3600.0;
        return Math.sin(2.0 * Math.PI * (hour - 9.0) / 24.0);
    }

    /** Day-to-day drift of the mean: seeded values at each midday, blended smoothly in between. */
    private double drift(double elapsedSeconds) {
        if (parameters.dayToDayCelsius() == 0.0) {
            return 0.0;
        }
        double days = (parameters.startHourOfDay() * 3600.0 + elapsedSeconds) / SECONDS_PER_DAY - 0.5;
        long day = (long) Math.floor(days);
        double f = days - day;
        double blend = 0.5 - 0.5 * Math.cos(Math.PI * f);
        return parameters.dayToDayCelsius() * ((1.0 - blend) * gaussian(day) + blend * gaussian(day + 1));
    }

    /** A standard normal value fixed by (seed, day): Box–Muller on two SplitMix64 hashes. */
    private double gaussian(long day) {
        double u1 = unit(mix(seed * 0x9E3779B97F4A7C15L + day));
        double u2 = unit(mix(seed * 0xC2B2AE3D27D4EB4FL + day * 31 + 7));
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double unit(long bits) {
        return ((bits >>> 11) + 0.5) / (double) (1L << 53);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
