package io.edgetally.io.gpio;

/**
 * One GPIO pin as the config names it: what it is for, its BCM number and its polarity. The Pi4J-backed relay,
 * input and pulse counter each carry one, so they name themselves the same way in logs and errors.
 */
record GpioPin(String name, int bcmPin, Polarity polarity) {

    /** e.g. {@code relay 'heater' (GPIO 17, ACTIVE_HIGH)} */
    String describe(String kind) {
        return kind + " '" + name + "' (GPIO " + bcmPin + ", " + polarity + ")";
    }
}
