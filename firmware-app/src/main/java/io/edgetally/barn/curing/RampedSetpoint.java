package io.edgetally.barn.curing;

/**
 * The dry- and wet-bulb setpoints on their way to a step's targets. They start where the barn is and move
 * together, the wet one in proportion, so both arrive at the same time and the humidity follows the schedule's
 * line rather than a corner.
 */
final class RampedSetpoint {

    private double dry = Double.NaN;
    private double wet = Double.NaN;

    boolean isSet() {
        return !Double.isNaN(dry);
    }

    double dry() {
        return dry;
    }

    double wet() {
        return wet;
    }

    /** Starts from the measured barn: dry bulb (capped), and the wet bulb if known, else the target depression. */
    void startFrom(double measuredDry, double measuredWet, double capCelsius, double targetDepression) {
        dry = Math.min(measuredDry, capCelsius);
        wet = Double.isNaN(measuredWet) ? dry - targetDepression : Math.min(measuredWet, dry);
    }

    /** Takes up setpoints saved before a restart. */
    void set(double dryCelsius, double wetCelsius) {
        dry = dryCelsius;
        wet = wetCelsius;
    }

    void clear() {
        dry = Double.NaN;
        wet = Double.NaN;
    }

    /** Moves the dry setpoint at most {@code maxMoveCelsius} towards its target, the wet one alongside. */
    void moveTowards(double targetDry, double targetWet, double maxMoveCelsius) {
        double gapDry = targetDry - dry;
        double gapWet = targetWet - wet;
        if (Math.abs(gapDry) > maxMoveCelsius) {
            double fraction = maxMoveCelsius / Math.abs(gapDry);
            dry += Math.copySign(maxMoveCelsius, gapDry);
            wet += gapWet * fraction;
        } else {
            dry = targetDry;
            wet = Math.abs(gapWet) > maxMoveCelsius ? wet + Math.copySign(maxMoveCelsius, gapWet) : targetWet;
        }
    }

    boolean reached(double targetDry, double targetWet) {
        return dry == targetDry && wet == targetWet;
    }
}
