package io.edgetally.io.wiring;

import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterModels;
import io.edgetally.io.meter.MeterRegisterMap;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.meter.S0EnergyMeter;
import io.edgetally.io.modbus.ModbusLinks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Opens the meter an {@code io.meters} entry describes, for either kind of site: a Modbus meter of a known model
 * (its register map from {@link MeterModels}) on a link shared through {@link ModbusLinks}, or an S0 pulse meter on
 * the GPIO board with its pulse count kept in the data folder.
 */
public final class Meters {

    private Meters() {}

    /**
     * @param board   the GPIO board; needed only for an S0 meter
     * @param dataDir where an S0 meter keeps its pulse count ({@code s0-NAME.count})
     * @throws ConfigException naming the meter when its model has no register map or an S0 meter has no board
     */
    public static EnergyMeter open(IoConfig.MeterConfig m, ModbusLinks links, Optional<GpioBoard> board,
                                   Path dataDir, Clock clock) {
        if (m.link() instanceof IoConfig.MeterLink.S0 s0) {
            GpioBoard gpio = board.orElseThrow(() -> new ConfigException("meter '" + m.name() + "': an S0 meter is on "
                    + "GPIO " + s0.bcm() + ", but this process has no GPIO board"));
            Polarity polarity = s0.activeLow() ? Polarity.ACTIVE_LOW : Polarity.ACTIVE_HIGH;
            return new S0EnergyMeter(m.name(), gpio.pulseCounter(m.name(), s0.bcm(), polarity, s0.debounce(), clock),
                    s0.pulsesPerKwh(), dataDir.resolve("s0-" + m.name() + ".count"), clock);
        }
        return new ModbusEnergyMeter(registerMap(m), Links.client(m.link(), links), m.unitId(), clock);
    }

    private static MeterRegisterMap registerMap(IoConfig.MeterConfig m) {
        return MeterModels.registerMap(m.model()).orElseThrow(() -> new ConfigException("meter '" + m.name()
                + "': model '" + m.model() + "' has no register map; expected one of " + MeterModels.modbusNames()));
    }
}
