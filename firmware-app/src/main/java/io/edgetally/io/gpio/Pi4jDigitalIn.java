package io.edgetally.io.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;

/** A contact input (fan airflow switch, door, S0 line) on one GPIO input through Pi4J, polarity applied. */
public final class Pi4jDigitalIn implements DigitalIn {

    private final GpioPin pin;
    private final DigitalInput input;

    Pi4jDigitalIn(GpioPin pin, DigitalInput input) {
        this.pin = pin;
        this.input = input;
    }

    @Override
    public String name() {
        return pin.name();
    }

    /** An unreadable pin (state UNKNOWN) counts as not active: the safe reading for "fan running" and the like. */
    @Override
    public boolean isActive() {
        return pin.polarity().isActive(input.state());
    }

    @Override
    public String toString() {
        return pin.describe("input");
    }
}
