package io.edgetally.io.modbus;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Modbus links of a site, one {@link ModbusClient} per endpoint, so the transmitters and the relay board on
 * one RS-485 line (or one TCP gateway) share its port or connection and its per-unit backoff: a serial port can
 * be opened only once. Closes every link it made. Thread-safe.
 */
public final class ModbusLinks implements AutoCloseable {

    private final Clock clock;
    private final BackoffPolicy backoff;
    private final UnaryOperator<ModbusTransport> wrap;
    private final Map<String, ModbusClient> clients = new LinkedHashMap<>();

    /** @param wrap wraps each link's transport (e.g. to wait out a restarting simulator in lockstep) */
    public ModbusLinks(Clock clock, BackoffPolicy backoff, UnaryOperator<ModbusTransport> wrap) {
        this.clock = clock;
        this.backoff = backoff;
        this.wrap = wrap;
    }

    public ModbusLinks(Clock clock, BackoffPolicy backoff) {
        this(clock, backoff, t -> t);
    }

    public ModbusLinks(Clock clock) {
        this(clock, BackoffPolicy.DEFAULT);
    }

    public synchronized ModbusClient tcp(TcpSettings settings) {
        return clients.computeIfAbsent(settings.endpoint(),
                e -> new ModbusClient(wrap.apply(new TcpModbusTransport(settings)), backoff, clock));
    }

    /** One client per serial port: a second request for the same port with other settings is refused. */
    public synchronized ModbusClient rtu(RtuSettings settings) {
        for (ModbusClient c : clients.values()) {
            if (c.endpoint().startsWith("rtu:" + settings.portName() + "@") && !c.endpoint().equals(settings.endpoint())) {
                throw new IllegalArgumentException("serial port " + settings.portName() + " is used as "
                        + c.endpoint() + " and as " + settings.endpoint() + ": one RS-485 line has one setting");
            }
        }
        return clients.computeIfAbsent(settings.endpoint(),
                e -> new ModbusClient(wrap.apply(new RtuModbusTransport(settings)), backoff, clock));
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(ModbusClient::close);
        clients.clear();
    }
}
