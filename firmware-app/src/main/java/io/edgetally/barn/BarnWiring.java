package io.edgetally.barn;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.curing.CuringTuning;
import io.edgetally.curing.HeaterPlant;
import io.edgetally.curing.schedule.CuringSchedule;
import io.edgetally.curing.schedule.ScheduleLoader;
import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.gpio.Relay;
import io.edgetally.io.meter.ChintDdsu666;
import io.edgetally.io.meter.EastronSdm120;
import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterRegisterMap;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.io.onewire.Ds18b20Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a barn's field I/O, meter, schedule and tuning from the site configuration. Everything is checked
 * before anything is switched: a missing relay, probe or meter is a configuration error naming what is missing,
 * and the service does not start half-wired.
 */
public final class BarnWiring {

    /** Relay and input names a barn configuration uses. */
    public static final String FAN_RUN = "fan-run";
    public static final String FAN_HIGH = "fan-high";
    public static final String DAMPER_OPEN = "damper-open";
    public static final String DAMPER_CLOSE = "damper-close";
    public static final String DEHUMIDIFIER = "dehumidifier";
    public static final String AIRFLOW = "airflow";
    public static final String CUTOUT = "cutout";
    public static final String DRY_BULB = "dry-bulb";
    public static final String WET_BULB = "wet-bulb";

    private BarnWiring() {}

    public static String heaterRelay(int stage) {
        return "heater-" + stage;
    }

    public static CuringSchedule schedule(SiteConfig.BarnConfig barn, Path configDir) {
        ScheduleLoader loader = new ScheduleLoader();
        String s = barn.schedule();
        if (ScheduleLoader.builtInIds().contains(s)) {
            return loader.builtIn(s);
        }
        Path file = configDir.resolve(s);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("barn.schedule: '" + s + "' is neither a built-in schedule "
                    + ScheduleLoader.builtInIds() + " nor a readable file (" + file.toAbsolutePath() + ")");
        }
        return loader.load(file);
    }

    public static CuringTuning tuning(SiteConfig.BarnConfig barn) {
        HeaterPlant plant = switch (barn.heating()) {
            case RESISTIVE -> new HeaterPlant.Resistive(barn.heaterStages(), barn.heaterStageKw(),
                    HeaterPlant.Resistive.defaults().minOn(), HeaterPlant.Resistive.defaults().minOff());
            case HEAT_PUMP -> HeaterPlant.HeatPump.defaults();
        };
        return CuringTuning.defaults().withPlant(plant);
    }

    public static BarnIo io(SiteConfig config, GpioBoard board, Clock clock) {
        SiteConfig.BarnConfig barn = config.barn().orElseThrow(
                () -> new ConfigException("a curing-barn site needs a 'barn' section"));
        SiteConfig.GpioConfig gpio = config.io().gpio();
        List<Relay> heaters = new ArrayList<>();
        for (int i = 1; i <= barn.heaterStages(); i++) {
            heaters.add(relay(board, gpio, heaterRelay(i)));
        }
        Optional<Relay> dehumidifier = barn.heating() == SiteConfig.Heating.HEAT_PUMP
                ? Optional.of(relay(board, gpio, DEHUMIDIFIER)) : Optional.empty();
        Relay open = relay(board, gpio, DAMPER_OPEN);
        Relay close = relay(board, gpio, DAMPER_CLOSE);
        ThreePointDamper damper = new ThreePointDamper(open, close, barn.damperStroke(), clock.instant());
        SiteConfig.OneWireConfig w1 = config.io().oneWire();
        return new BarnIo(clock, probe(w1, DRY_BULB, "dry bulb"), probe(w1, WET_BULB, "wet bulb"),
                input(board, gpio, AIRFLOW), input(board, gpio, CUTOUT), heaters, dehumidifier,
                relay(board, gpio, FAN_RUN), relay(board, gpio, FAN_HIGH), damper);
    }

    public static EnergyMeter meter(SiteConfig.MeterConfig m, Clock clock) {
        MeterRegisterMap map = switch (m.model()) {
            case "sdm630" -> new EastronSdm630();
            case "sdm120" -> new EastronSdm120();
            case "ddsu666" -> new ChintDdsu666();
            default -> throw new ConfigException("meter '" + m.name() + "': model '" + m.model()
                    + "' has no register map; expected one of [sdm630, sdm120, ddsu666]");
        };
        if (!(m.link() instanceof SiteConfig.MeterLink.Tcp tcp)) {
            throw new ConfigException("meter '" + m.name() + "': only Modbus TCP links are wired in this version;"
                    + " use an RS-485 to TCP gateway for 'rtu'");
        }
        ModbusClient client = new ModbusClient(new TcpModbusTransport(new TcpSettings(tcp.host(), tcp.port())),
                BackoffPolicy.DEFAULT, clock);
        return new ModbusEnergyMeter(map, client, m.unitId(), clock);
    }

    private static Relay relay(GpioBoard board, SiteConfig.GpioConfig gpio, String name) {
        SiteConfig.Pin pin = gpio.relays().get(name);
        if (pin == null) {
            throw new ConfigException("io.gpio.relays: missing relay '" + name + "' (a barn needs "
                    + "heater-1.., fan-run, fan-high, damper-open, damper-close; dehumidifier for a heat pump)");
        }
        return board.relay(name, pin.bcm(), pin.activeLow() ? Polarity.ACTIVE_LOW : Polarity.ACTIVE_HIGH);
    }

    private static DigitalIn input(GpioBoard board, SiteConfig.GpioConfig gpio, String name) {
        SiteConfig.Pin pin = gpio.inputs().get(name);
        if (pin == null) {
            throw new ConfigException("io.gpio.inputs: missing input '" + name
                    + "' (a barn needs airflow and cutout: see docs/safety.md)");
        }
        return board.input(name, pin.bcm(), pin.activeLow() ? Polarity.ACTIVE_LOW : Polarity.ACTIVE_HIGH);
    }

    private static TemperatureSource probe(SiteConfig.OneWireConfig w1, String key, String name) {
        String id = w1.probes().get(key);
        if (id == null) {
            throw new ConfigException("io.onewire: missing probe '" + key + "' (its 28-... device id)");
        }
        Ds18b20Probe probe = new Ds18b20Probe(name, id, w1.basePath());
        return probe::read;
    }
}
