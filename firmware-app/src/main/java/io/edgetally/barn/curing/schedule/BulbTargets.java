package io.edgetally.barn.curing.schedule;

/** The air condition a step drives the barn to. */
public record BulbTargets(double dryBulbCelsius, double wetBulbCelsius) {

    /** The wet-bulb depression the schedule asks for. */
    public double depressionCelsius() {
        return dryBulbCelsius - wetBulbCelsius;
    }
}
