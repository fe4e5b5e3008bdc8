package io.edgetally.io.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;

/** A contact input (fan airflow switch, door, S0 line) on one GPIO input through Pi4J, polarity applied. */
public final class Pi4jDigitalIn implements DigitalIn {

    private final String name;
    private final int bcmPin;
    private final DigitalInput input;
    private final Polarity polarity;

    Pi4jDigitalIn(String name, int bcmPin, DigitalInput input, Polarity polarity) {
        this.name = name;
        this.bcmPin = bcmPin;
        this.input = input;
        this.polarity = polarity;
    }

    @Override
    public String name() {
        return name;
    }

    public int bcmPin() {
        return bcmPin;
    }

    /** An unreadable pin (state UNKNOWN) counts as not active: the safe reading for "fan running" and the like. */
    @Override
    public boolean isActive() {
        return polarity.isActive(input.state());
    }

    @Override
    public String toString() {
        return "input '" + name + "' (GPIO " + bcmPin + ", " + polarity + ")";
    }
}
