package io.edgetally.io.modbus;

import java.time.Duration;

/**
 * One RS-485 line in Modbus RTU mode.
 *
 * @param portName        serial device, e.g. {@code /dev/ttyUSB0} or {@code /dev/ttyAMA0}
 * @param baudRate        e.g. 9600 (Eastron and Chint defaults are 9600 or 2400)
 * @param dataBits        7 or 8 (RTU uses 8)
 * @param parity          as set on the meters
 * @param stopBits        1 or 2
 * @param responseTimeout bound on waiting for each answer
 * @param interFrameDelay extra quiet time between frames on the line; zero for the protocol's own 3.5 characters
 * @param echo            the adapter hears its own transmission (2-wire adapters without echo suppression)
 */
public record RtuSettings(String portName, int baudRate, int dataBits, Parity parity, int stopBits,
        Duration responseTimeout, Duration interFrameDelay, boolean echo) {

    public enum Parity {
        NONE('N'), EVEN('E'), ODD('O');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public RtuSettings {
        if (portName == null || portName.isBlank()) {
            throw new IllegalArgumentException("Modbus RTU serial port name must not be empty");
        }
        if (baudRate < 300 || baudRate > 921_600) {
            throw new IllegalArgumentException("baud rate for " + portName + " must be 300..921600, got " + baudRate);
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("data bits for " + portName + " must be 7 or 8, got " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits for " + portName + " must be 1 or 2, got " + stopBits);
        }
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("response timeout for " + portName + " must be positive, got "
                    + responseTimeout);
        }
        if (interFrameDelay == null || interFrameDelay.isNegative()) {
            throw new IllegalArgumentException("inter-frame delay for " + portName + " must not be negative, got "
                    + interFrameDelay);
        }
    }

    /** 9600 baud, 8N1, 1 s response timeout, protocol inter-frame gap, no echo. */
    public RtuSettings(String portName) {
        this(portName, 9600, 8, Parity.NONE, 1, Duration.ofSeconds(1), Duration.ZERO, false);
    }

    /** e.g. {@code "rtu:/dev/ttyUSB0@9600,8N1"}. */
    public String endpoint() {
        return "rtu:" + portName + "@" + baudRate + "," + dataBits + parity.letter() + stopBits;
    }
}
