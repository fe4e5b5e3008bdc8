package io.edgetally.io.gpio;

import com.pi4j.io.gpio.digital.DigitalState;

/** Which pin level means "on"/"active". Most opto-isolated relay boards and contact inputs are active-low. */
public enum Polarity {
    ACTIVE_HIGH,
    ACTIVE_LOW;

    public DigitalState levelFor(boolean active) {
        return (active == (this == ACTIVE_HIGH)) ? DigitalState.HIGH : DigitalState.LOW;
    }

    public boolean isActive(DigitalState level) {
        return level == levelFor(true);
    }
}
