package io.edgetally.io.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;

/**
 * A relay on one GPIO output through Pi4J. The pin starts at the off level and Pi4J returns it to the off level
 * on shutdown (see {@link GpioBoard}), so a restarting controller never leaves a heater energised.
 */
public final class Pi4jRelay implements Relay {

    private final GpioPin pin;
    private final DigitalOutput output;
    private volatile boolean on;
    /** false until the first set: the first command is always written to the pin */
    private boolean written;

    Pi4jRelay(GpioPin pin, DigitalOutput output) {
        this.pin = pin;
        this.output = output;
    }

    @Override
    public String name() {
        return pin.name();
    }

    @Override
    public void set(boolean on) {
        if (written && on == this.on) {
            return; // the pin already holds this level: no syscall, no Pi4J event
        }
        try {
            output.state(pin.polarity().levelFor(on));
        } catch (RuntimeException e) {
            throw new IllegalStateException(pin.describe("relay") + " could not be switched "
                    + (on ? "on" : "off") + ": " + e.getMessage(), e);
        }
        this.on = on;
        this.written = true;
    }

    @Override
    public boolean isOn() {
        return on;
    }

    @Override
    public String toString() {
        return pin.describe("relay");
    }
}
