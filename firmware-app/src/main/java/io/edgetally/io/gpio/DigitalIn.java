package io.edgetally.io.gpio;

/** One digital input, already corrected for polarity: {@code true} means the named condition holds. */
public interface DigitalIn {

    String name();

    boolean isActive();
}
