package io.edgetally.barn.io;

import io.edgetally.io.TemperatureReading;

/** One temperature probe as the barn sees it (1-Wire DS18B20, an RS-485 transmitter channel, ...). */
@FunctionalInterface
public interface TemperatureSource {
    TemperatureReading read();
}
