package io.edgetally.site;

import io.edgetally.io.gpio.GpioOpener;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.store.Database;
import io.edgetally.tally.ClockSync;
import io.edgetally.uplink.UplinkConfig;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.edgetally.io.modbus.ModbusTransport;

/**
 * What the process that runs a site provides besides the config: the clock, the GPIO pins, how durable the database
 * is, and the adjustments a simulator makes where real time would not do. {@link #device()} is a real site's host.
 *
 * @param durability whether every commit is fsynced (a device) or not (a simulated month)
 * @param uplink     adjusts the configured uplink (a fast simulated clock needs an ack timeout of hours)
 * @param clockSync  replaces the system's clock-sync flag (a manual clock is the time by definition)
 * @param coap       adjusts the configured CoAP endpoint (e.g. ephemeral ports)
 * @param fieldLinks wraps each Modbus link a barn opens (in lockstep: waits out a simulator that is restarting)
 */
public record SiteHost(Clock clock, GpioOpener gpio, Database.Durability durability, UnaryOperator<UplinkConfig> uplink,
                       Optional<ClockSync> clockSync, UnaryOperator<StatusEndpointConfig> coap,
                       UnaryOperator<ModbusTransport> fieldLinks) {

    /** A host whose Modbus links are used as they are. */
    public SiteHost(Clock clock, GpioOpener gpio, Database.Durability durability, UnaryOperator<UplinkConfig> uplink,
                    Optional<ClockSync> clockSync, UnaryOperator<StatusEndpointConfig> coap) {
        this(clock, gpio, durability, uplink, clockSync, coap, t -> t);
    }

    /** A real site: the system clock, the Pi4J GPIO providers, every commit durable, the config as it is. */
    public static SiteHost device() {
        return new SiteHost(Clock.systemUTC(), GpioOpener.pi4j(), Database.Durability.FULL, u -> u, Optional.empty(),
                c -> c);
    }

    /** This host on another clock (a simulated site's manual clock). */
    public SiteHost withClock(Clock other) {
        return new SiteHost(other, gpio, durability, uplink, clockSync, coap, fieldLinks);
    }
}
