package io.edgetally.io.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;

/**
 * Opens the GPIO pins with a provider ({@code gpiod}, {@code linuxfs}, {@code mock}): on a device the Pi4J providers
 * on the class path ({@link #pi4j()}), in the simulator its mock pins.
 */
@FunctionalInterface
public interface GpioOpener {

    /** The board, and what to close after it when done (the Pi4J context, or nothing). */
    record Opened(GpioBoard board, AutoCloseable release) {}

    Opened open(String provider);

    /** The providers on the class path, as the service finds them (gpiod and linuxfs on a device). */
    static GpioOpener pi4j() {
        return provider -> {
            Context context = Pi4J.newContextBuilder().autoDetect().build();
            return new Opened(new GpioBoard(context, provider + "-digital-output", provider + "-digital-input"),
                    context::shutdown);
        };
    }
}
