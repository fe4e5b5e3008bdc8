package io.edgetally.io.modbus;

import java.time.Duration;

/**
 * Where a Modbus TCP device listens and how long to wait for it.
 *
 * @param host            name or address of the meter or gateway
 * @param port            TCP port, usually 502
 * @param connectTimeout  bound on opening the connection
 * @param responseTimeout bound on waiting for each answer
 */
public record TcpSettings(String host, int port, Duration connectTimeout, Duration responseTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(1);

    public TcpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Modbus TCP host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Modbus TCP port must be 1..65535, got " + port + " for host " + host);
        }
        requirePositive(connectTimeout, "connect timeout", host, port);
        requirePositive(responseTimeout, "response timeout", host, port);
    }

    public TcpSettings(String host, int port) {
        this(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
    }

    public String endpoint() {
        return "tcp://" + host + ":" + port;
    }

    private static void requirePositive(Duration d, String what, String host, int port) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " for tcp://" + host + ":" + port
                    + " must be a positive duration, got " + d);
        }
    }
}
