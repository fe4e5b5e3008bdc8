package io.edgetally.barn.io;

import io.edgetally.barn.curing.CuringTuning;
import io.edgetally.barn.curing.HeaterPlant;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.config.BarnConfig;
import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.gpio.Relay;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.ModbusRelayBoard;
import io.edgetally.io.modbus.ModbusTemperatureChannel;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.onewire.Ds18b20Probe;
import io.edgetally.io.wiring.Links;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a barn's field I/O, schedule and tuning from the site configuration (its meter: {@link
 * io.edgetally.io.wiring.Meters}). Everything is checked
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

    public static CuringSchedule schedule(BarnConfig barn, Path configDir) {
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

    public static CuringTuning tuning(BarnConfig barn) {
        HeaterPlant plant = switch (barn.heating()) {
            case RESISTIVE -> new HeaterPlant.Resistive(barn.heaterStages(), barn.heaterStageKw(),
                    HeaterPlant.Resistive.defaults().minOn(), HeaterPlant.Resistive.defaults().minOff());
            case HEAT_PUMP -> HeaterPlant.HeatPump.defaults();
        };
        return CuringTuning.defaults().withPlant(plant);
    }

    /**
     * The barn's I/O on GPIO pins and 1-Wire probes only. Modbus probes or a relay board in the config get links
     * nobody closes; use {@link #io(SiteConfig.Barn, Optional, ModbusLinks, Clock)} for those.
     */
    public static BarnIo io(SiteConfig.Barn config, GpioBoard board, Clock clock) {
        return io(config, Optional.of(board), new ModbusLinks(clock), clock);
    }

    /**
     * The barn's I/O with each relay, input and probe taken from wherever the config puts it: GPIO pins or a
     * Modbus relay board, 1-Wire files or Modbus transmitters.
     *
     * @param board the GPIO board, needed only when the config has GPIO relays or inputs
     * @param links where the Modbus clients come from; the caller closes it at shutdown
     */
    public static BarnIo io(SiteConfig.Barn config, Optional<GpioBoard> board, ModbusLinks links, Clock clock) {
        BarnConfig barn = config.barn();
        Wires wires = new Wires(config.io(), board, links);
        List<Relay> heaters = new ArrayList<>();
        for (int i = 1; i <= barn.heaterStages(); i++) {
            heaters.add(wires.relay(heaterRelay(i)));
        }
        Optional<Relay> dehumidifier = barn.heating() == BarnConfig.Heating.HEAT_PUMP
                ? Optional.of(wires.relay(DEHUMIDIFIER)) : Optional.empty();
        Relay open = wires.relay(DAMPER_OPEN);
        Relay close = wires.relay(DAMPER_CLOSE);
        ThreePointDamper damper = new ThreePointDamper(open, close, barn.damperStroke(), clock.instant());
        // An airflow proof that cannot be read counts as no airflow, a cut-out as tripped: either stops the heat.
        return new BarnIo(clock, wires.probe(DRY_BULB, "dry bulb"), wires.probe(WET_BULB, "wet bulb"),
                wires.input(AIRFLOW, false), wires.input(CUTOUT, true), heaters, dehumidifier,
                wires.relay(FAN_RUN), wires.relay(FAN_HIGH), damper);
    }

    private static Polarity polarity(IoConfig.Pin pin) {
        return pin.activeLow() ? Polarity.ACTIVE_LOW : Polarity.ACTIVE_HIGH;
    }

    /** Finds each named relay, input and probe in whichever part of the io section holds it. */
    private static final class Wires {
        private final IoConfig io;
        private final Optional<GpioBoard> board;
        private final ModbusLinks links;
        private ModbusRelayBoard relayBoard;

        Wires(IoConfig io, Optional<GpioBoard> board, ModbusLinks links) {
            this.io = io;
            this.board = board;
            this.links = links;
        }

        Relay relay(String name) {
            IoConfig.Pin pin = io.gpio().relays().get(name);
            if (pin != null) {
                return gpio("relay '" + name + "'").relay(name, pin.bcm(), polarity(pin));
            }
            Integer coil = io.relayBoard().map(b -> b.relayCoils().get(name)).orElse(null);
            if (coil != null) {
                return relayBoard().relay(name, coil);
            }
            throw new ConfigException("io: missing relay '" + name + "' under io.gpio.relays or io.relay-board.relays"
                    + " (a barn needs heater-1.., fan-run, fan-high, damper-open, damper-close; dehumidifier for a "
                    + "heat pump)");
        }

        DigitalIn input(String name, boolean whenUnreadable) {
            IoConfig.Pin pin = io.gpio().inputs().get(name);
            if (pin != null) {
                return gpio("input '" + name + "'").input(name, pin.bcm(), polarity(pin));
            }
            Integer address = io.relayBoard().map(b -> b.inputs().get(name)).orElse(null);
            if (address != null) {
                return relayBoard().input(name, address, whenUnreadable);
            }
            throw new ConfigException("io: missing input '" + name + "' under io.gpio.inputs or io.relay-board.inputs"
                    + " (a barn needs airflow and cutout: see docs/safety.md)");
        }

        TemperatureSource probe(String key, String name) {
            String id = io.oneWire().probes().get(key);
            if (id != null) {
                Ds18b20Probe probe = new Ds18b20Probe(name, id, io.oneWire().basePath());
                return probe::read;
            }
            IoConfig.ModbusProbeConfig p = io.modbusProbes().get(key);
            if (p != null) {
                ModbusTemperatureChannel channel = new ModbusTemperatureChannel(new ModbusTemperatureChannel.Channel(
                        name, p.unitId(), p.holding() ? RegisterKind.HOLDING : RegisterKind.INPUT, p.register(),
                        p.scale(), p.signed(), p.minCelsius(), p.maxCelsius()), Links.client(p.link(), links));
                return channel::read;
            }
            throw new ConfigException("io: missing probe '" + key + "' under io.onewire (its 28-... device id) or "
                    + "io.modbus-probes");
        }

        private GpioBoard gpio(String what) {
            return board.orElseThrow(() -> new ConfigException("io.gpio: " + what + " is on a GPIO pin, but this "
                    + "process has no GPIO board"));
        }

        private ModbusRelayBoard relayBoard() {
            if (relayBoard == null) {
                IoConfig.RelayBoardConfig b = io.relayBoard().orElseThrow();
                relayBoard = new ModbusRelayBoard(Links.client(b.link(), links), b.unitId());
            }
            return relayBoard;
        }
    }
}
