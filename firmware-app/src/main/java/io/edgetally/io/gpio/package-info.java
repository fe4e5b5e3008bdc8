/**
 * GPIO (a low layer): relays, contact inputs and pulse counters by BCM pin on a Pi4J context ({@link
 * io.edgetally.io.gpio.GpioBoard}), opened with the provider the config names by a {@link
 * io.edgetally.io.gpio.GpioOpener}. {@link io.edgetally.io.gpio.Relay} and {@link io.edgetally.io.gpio.DigitalIn}
 * are what a barn's wiring drives, whether on a pin or a Modbus relay board.
 */
package io.edgetally.io.gpio;
