package io.edgetally.io.modbus;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.TemperatureReading.SensorFault;

/**
 * One temperature channel of an RS-485 (or TCP) transmitter, as a generic register map from the config: one
 * 16-bit input or holding register, signed or not, times a scale (0.1 °C per count is the common one). Every
 * failure becomes a {@link TemperatureReading.Invalid} naming the channel, endpoint, unit and register: no
 * answer, an exception answer, a transmitter's broken-sensor code (0x7FFF or 0x8000 on signed channels) or a
 * value outside {@code minCelsius..maxCelsius}. Never throws; never reports a value older than this read.
 */
public final class ModbusTemperatureChannel {

    /**
     * @param name     where the probe sits, e.g. {@code "dry bulb"}
     * @param unitId   the transmitter's Modbus address
     * @param kind     {@link RegisterKind#INPUT} or {@link RegisterKind#HOLDING}
     * @param register zero-based wire address
     * @param scale    °C per count
     * @param signed   the register holds a two's-complement value
     */
    public record Channel(String name, int unitId, RegisterKind kind, int register, double scale, boolean signed,
                          double minCelsius, double maxCelsius) {
        public Channel {
            if (kind != RegisterKind.INPUT && kind != RegisterKind.HOLDING) {
                throw new IllegalArgumentException("temperature channel '" + name
                        + "' must be an input or holding register, got " + kind);
            }
            if (!(scale != 0 && Double.isFinite(scale))) {
                throw new IllegalArgumentException("temperature channel '" + name + "': scale must be a non-zero "
                        + "number, got " + scale);
            }
            if (!(minCelsius < maxCelsius)) {
                throw new IllegalArgumentException("temperature channel '" + name + "': min " + minCelsius
                        + " must be below max " + maxCelsius);
            }
        }
    }

    private final Channel channel;
    private final ModbusClient client;
    private final RegisterBlock block;

    public ModbusTemperatureChannel(Channel channel, ModbusClient client) {
        this.channel = channel;
        this.client = client;
        this.block = new RegisterBlock(channel.unitId(), channel.kind(), channel.register(), 1);
    }

    public String name() {
        return channel.name();
    }

    /** e.g. {@code "tcp://127.0.0.1:1502 unit 3 input register 0x0000"}. */
    public String describe() {
        return client.endpoint() + " unit " + channel.unitId() + " " + channel.kind().describe(channel.register());
    }

    public TemperatureReading read() {
        return switch (client.read(block)) {
            case ModbusResult.Failure f -> invalid(SensorFault.NO_RESPONSE, f.reason());
            case ModbusResult.Registers r -> decode(r.wordAt(channel.register()));
        };
    }

    private TemperatureReading decode(int word) {
        if (channel.signed() && (word == 0x7FFF || word == 0x8000)) {
            return invalid(SensorFault.OPEN, describe() + " reads " + String.format("0x%04X", word)
                    + ", the transmitter's broken-sensor code");
        }
        int raw = channel.signed() ? (short) word : word;
        double celsius = scaled(raw);
        if (celsius < channel.minCelsius() || celsius > channel.maxCelsius()) {
            return invalid(SensorFault.OUT_OF_RANGE, describe() + " reads " + raw + " counts = " + celsius
                    + " °C, outside " + channel.minCelsius() + ".." + channel.maxCelsius() + " °C");
        }
        return new TemperatureReading.Valid(celsius);
    }

    /** 384 counts at 0.1 °C is 38.4, not 38.400000000000006: divide by 10 where the scale is a tenth. */
    private double scaled(int raw) {
        double perDegree = 1.0 / channel.scale();
        return Math.abs(perDegree - Math.rint(perDegree)) < 1e-9 ? raw / Math.rint(perDegree) : raw * channel.scale();
    }

    private TemperatureReading invalid(SensorFault fault, String what) {
        return new TemperatureReading.Invalid(fault, "probe '" + channel.name() + "': " + what);
    }
}
