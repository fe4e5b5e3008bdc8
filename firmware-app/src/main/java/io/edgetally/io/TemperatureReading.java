package io.edgetally.io;

/** One temperature probe's value for this cycle: a trusted value, or why there is none. */
public sealed interface TemperatureReading {

    /** A value that passed the driver's checks (CRC, range, power-on value). */
    record Valid(double celsius) implements TemperatureReading {}

    /** No trustworthy value this cycle; {@code detail} names the probe and what was seen. */
    record Invalid(SensorFault fault, String detail) implements TemperatureReading {}

    enum SensorFault {
        /** probe disconnected, or the bus says it is gone */
        OPEN,
        /** probe or cable shorted (reads the rail, or an impossible low) */
        SHORT,
        /** 1-Wire CRC failed */
        CRC,
        /** DS18B20 power-on value 85.000 °C with no conversion behind it */
        POWER_ON_VALUE,
        /** device did not answer in time */
        NO_RESPONSE,
        /** physically implausible for this probe's place */
        OUT_OF_RANGE
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
