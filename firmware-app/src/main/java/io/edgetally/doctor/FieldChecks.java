package io.edgetally.doctor;

import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.gpio.Relay;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.ModbusRelayBoard;
import io.edgetally.io.modbus.ModbusResult;
import io.edgetally.io.modbus.ModbusTemperatureChannel;
import io.edgetally.io.modbus.RegisterBlock;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.onewire.Ds18b20Probe;
import io.edgetally.io.plc.StationPlcMap;
import io.edgetally.io.wiring.Links;
import io.edgetally.io.wiring.Meters;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The doctor's checks of the field wiring, each device on its own: every probe read, every meter read, every
 * relay opened (and, when asked, switched on for a second and off again, one at a time), every input read.
 * One device's failure is reported and the rest are still checked.
 */
final class FieldChecks {

    static final Duration CLICK = Duration.ofSeconds(1);

    private final SiteConfig config;
    private final Optional<GpioBoard> board;
    private final ModbusLinks links;
    private final Clock clock;
    private final Doctor.Pause pause;
    private final Consumer<Check> report;

    FieldChecks(SiteConfig config, Optional<GpioBoard> board, ModbusLinks links, Clock clock, Doctor.Pause pause,
            Consumer<Check> report) {
        this.config = config;
        this.board = board;
        this.links = links;
        this.clock = clock;
        this.pause = pause;
        this.report = report;
    }

    void run(boolean actuate) throws InterruptedException {
        probes();
        meters();
        plc();
        inputs();
        relays(actuate);
    }

    private void probes() {
        IoConfig.OneWireConfig w1 = config.io().oneWire();
        w1.probes().forEach((name, id) -> guarded("probe " + name, () ->
                temperature("probe " + name, id + " under " + w1.basePath(),
                        new Ds18b20Probe(name, id, w1.basePath()).read())));
        config.io().modbusProbes().forEach((name, p) -> guarded("probe " + name, () -> {
            ModbusTemperatureChannel channel = new ModbusTemperatureChannel(new ModbusTemperatureChannel.Channel(
                    name, p.unitId(), p.holding() ? RegisterKind.HOLDING : RegisterKind.INPUT, p.register(), p.scale(),
                    p.signed(), p.minCelsius(), p.maxCelsius()), Links.client(p.link(), links));
            return temperature("probe " + name, channel.describe(), channel.read());
        }));
    }

    private static Check temperature(String subject, String where, TemperatureReading r) {
        return switch (r) {
            case TemperatureReading.Valid v -> Check.pass(subject, String.format(Locale.ROOT, "%.1f °C (%s)",
                    v.celsius(), where));
            case TemperatureReading.Invalid i -> Check.fail(subject, i.fault() + ": " + i.detail());
        };
    }

    private void meters() {
        for (IoConfig.MeterConfig m : config.io().meters()) {
            guarded("meter " + m.name(), () -> {
                // each meter on a link of its own, closed after its check: a shared one would be closed under the rest
                try (ModbusLinks own = new ModbusLinks(clock);
                     EnergyMeter meter = Meters.open(m, own, board, config.dataDir(), clock)) {
                    return switch (meter.read()) {
                        case MeterReading.Ok ok -> Check.pass("meter " + m.name(), String.format(Locale.ROOT,
                                "%s, %.2f kWh, %.0f W (%s)", ok.meterId(), ok.importKwh(), ok.powerW(), meter.describe()));
                        case MeterReading.Failed f -> Check.fail("meter " + m.name(), f.reason());
                    };
                }
            });
        }
    }

    /** The station PLC answers with a header of the map edgetally speaks (docs/station.md). */
    private void plc() {
        if (!(config instanceof SiteConfig.Station station)) {
            return;
        }
        station.station().plc().ifPresent(plc -> guarded("station PLC", () -> {
            ModbusClient client = Links.client(plc.link(), links);
            ModbusResult r = client.read(new RegisterBlock(plc.unitId(), RegisterKind.HOLDING, StationPlcMap.VERSION,
                    StationPlcMap.HEADER_LENGTH));
            if (!(r instanceof ModbusResult.Registers header)) {
                return Check.fail("station PLC", ((ModbusResult.Failure) r).reason());
            }
            int[] h = header.words();
            String problem = StationPlcMap.headerProblem(h, station.station().slots());
            return problem != null ? Check.fail("station PLC", client.endpoint() + ": " + problem)
                    : Check.pass("station PLC", String.format(Locale.ROOT, "map v%d, %d slots, heartbeat %d, %d trucks"
                            + " waiting, last swap %d (%s unit %d)", h[StationPlcMap.VERSION], h[StationPlcMap.SLOT_COUNT],
                            h[StationPlcMap.HEARTBEAT], h[StationPlcMap.TRUCKS_WAITING],
                            StationPlcMap.uint32(h, StationPlcMap.LAST_SEQUENCE), client.endpoint(), plc.unitId()));
        }));
    }

    private void inputs() {
        config.io().gpio().inputs().forEach((name, pin) -> guarded("input " + name, () -> {
            DigitalIn in = gpio().input(name, pin.bcm(), polarity(pin));
            return Check.pass("input " + name, (in.isActive() ? "active" : "inactive") + " (GPIO " + pin.bcm()
                    + (pin.activeLow() ? ", active-low)" : ")"));
        }));
        config.io().relayBoard().ifPresent(b -> b.inputs().forEach((name, address) -> guarded("input " + name, () -> {
            ModbusClient client = Links.client(b.link(), links);
            RegisterBlock block = new RegisterBlock(b.unitId(), RegisterKind.DISCRETE_INPUT, address, 1);
            return switch (client.read(block)) {
                case ModbusResult.Registers r -> Check.pass("input " + name, (r.wordAt(address) != 0 ? "active"
                        : "inactive") + " (" + client.endpoint() + " unit " + b.unitId() + " discrete input " + address + ")");
                case ModbusResult.Failure f -> Check.fail("input " + name, f.reason());
            };
        })));
    }

    private void relays(boolean actuate) throws InterruptedException {
        for (Map.Entry<String, IoConfig.Pin> e : config.io().gpio().relays().entrySet()) {
            String name = e.getKey();
            IoConfig.Pin pin = e.getValue();
            String where = "GPIO " + pin.bcm() + (pin.activeLow() ? ", active-low" : "");
            Optional<Relay> relay = open("relay " + name, () -> gpio().relay(name, pin.bcm(), polarity(pin)));
            if (relay.isPresent()) {
                report.accept(actuate ? click(relay.get(), where, Optional.empty())
                        : Check.pass("relay " + name, "opened, off (" + where + ")"));
            }
        }
        if (config.io().relayBoard().isEmpty()) {
            return;
        }
        IoConfig.RelayBoardConfig b = config.io().relayBoard().get();
        ModbusClient client = Links.client(b.link(), links);
        ModbusRelayBoard relays = new ModbusRelayBoard(client, b.unitId());
        for (Map.Entry<String, Integer> e : b.relayCoils().entrySet()) {
            String name = e.getKey();
            int coil = e.getValue();
            String where = client.endpoint() + " unit " + b.unitId() + " coil " + coil;
            if (actuate) {
                Relay relay = relays.relay(name, coil);
                report.accept(click(relay, where, Optional.of(relays)));
            } else {
                report.accept(switch (client.read(new RegisterBlock(b.unitId(), RegisterKind.COIL, coil, 1))) {
                    case ModbusResult.Registers r -> Check.pass("relay " + name, "answers, "
                            + (r.wordAt(coil) != 0 ? "on" : "off") + " (" + where + ")");
                    case ModbusResult.Failure f -> Check.fail("relay " + name, f.reason());
                });
            }
        }
    }

    /** On for {@link #CLICK}, then off; a Modbus relay must be confirmed by the board both times. */
    private Check click(Relay relay, String where, Optional<ModbusRelayBoard> modbus) throws InterruptedException {
        String subject = "relay " + relay.name();
        try {
            relay.set(true);
            if (modbus.isPresent() && !relay.isOn()) {
                return Check.fail(subject, "did not switch on: " + modbus.get().lastFailure().orElse("?"));
            }
            pause.pause(CLICK);
            relay.set(false);
            if (modbus.isPresent() && relay.isOn()) {
                return Check.fail(subject, "switched on but NOT off again: " + modbus.get().lastFailure().orElse("?"));
            }
            return Check.pass(subject, "clicked on for " + CLICK.toSeconds() + " s and off (" + where + ")");
        } catch (RuntimeException e) {
            return Check.fail(subject, e.getMessage());
        }
    }

    private GpioBoard gpio() {
        return board.orElseThrow(() -> new IllegalStateException("the GPIO pins could not be opened (see the gpio "
                + "line above)"));
    }

    private static Polarity polarity(IoConfig.Pin pin) {
        return pin.activeLow() ? Polarity.ACTIVE_LOW : Polarity.ACTIVE_HIGH;
    }

    private interface Attempt<T> {
        T get();
    }

    private <T> Optional<T> open(String subject, Attempt<T> attempt) {
        try {
            return Optional.of(attempt.get());
        } catch (RuntimeException e) {
            report.accept(Check.fail(subject, e.getMessage()));
            return Optional.empty();
        }
    }

    private void guarded(String subject, Attempt<Check> check) {
        open(subject, check).ifPresent(report);
    }
}
