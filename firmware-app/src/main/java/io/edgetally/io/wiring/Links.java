package io.edgetally.io.wiring;

import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.RtuSettings;
import io.edgetally.io.modbus.TcpSettings;
import java.time.Duration;

/** The Modbus client of a configured link ({@code tcp:} or {@code rtu:}), shared with every device on it. */
public final class Links {

    private Links() {}

    /** The client for {@code link}, shared through {@code links} with the other devices on the same line or gateway. */
    public static ModbusClient client(IoConfig.MeterLink link, ModbusLinks links) {
        return switch (link) {
            case IoConfig.MeterLink.Tcp tcp -> links.tcp(new TcpSettings(tcp.host(), tcp.port()));
            case IoConfig.MeterLink.Rtu rtu -> links.rtu(rtuSettings(rtu));
            case IoConfig.MeterLink.S0 s0 -> throw new ConfigException("an S0 pulse input is not a Modbus link");
        };
    }

    private static RtuSettings rtuSettings(IoConfig.MeterLink.Rtu rtu) {
        RtuSettings.Parity parity = switch (rtu.parity()) {
            case "even" -> RtuSettings.Parity.EVEN;
            case "odd" -> RtuSettings.Parity.ODD;
            default -> RtuSettings.Parity.NONE;
        };
        return new RtuSettings(rtu.port(), rtu.baud(), rtu.dataBits(), parity, rtu.stopBits(), Duration.ofSeconds(1),
                Duration.ZERO, false);
    }
}
