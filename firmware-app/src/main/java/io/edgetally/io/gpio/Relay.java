package io.edgetally.io.gpio;

/** One relay output. {@code set(true)} energises the load, whatever the board's polarity. */
public interface Relay {

    String name();

    void set(boolean on);

    /** What was last commanded. */
    boolean isOn();
}
