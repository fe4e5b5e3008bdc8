package io.edgetally.sim.standalone;

import io.edgetally.config.StationConfig;
import io.edgetally.sim.station.ArrivalGenerator;
import io.edgetally.sim.station.DispatchFeed;
import io.edgetally.sim.station.DispatchPlatform;
import io.edgetally.sim.station.StationModelConfig;
import io.edgetally.sim.station.StationRig;
import io.edgetally.sim.station.SwapStationModel;
import io.edgetally.sim.station.TruckArrival;
import io.edgetally.station.control.StationControllerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulated swap station as a process of its own, for {@code edgetally run} to drive over the wire as it drives a
 * real one: the station PLC map ({@code docs/station.md}) on one Modbus TCP port, the revenue meter and one DC meter
 * per charger on the ports after another. The station starts at the wall clock's time with its packs charged, and
 * trucks arrive from the Yibin daily profile. Its state is not saved: a restarted simulator is a new station.
 */
public final class StandaloneStation implements AutoCloseable {

    /**
     * @param speed      station seconds per wall-clock second
     * @param plcPort    0 for any free port (tests)
     * @param meterPort  the revenue meter; DC meter i on {@code meterPort + 1 + i}; 0 for any free ports
     * @param days       how long trucks keep arriving
     */
    public record Options(double speed, int plcPort, int meterPort, int days, long seed, Optional<URI> etaBroker,
                          Duration etaNotice) {
        public Options {
            if (!(speed > 0 && speed <= 10_000)) {
                throw new IllegalArgumentException("speed must be above 0 and at most 10000, was " + speed);
            }
        }

        /** Without a dispatch platform. */
        public Options(double speed, int plcPort, int meterPort, int days, long seed) {
            this(speed, plcPort, meterPort, days, seed, Optional.empty(), Duration.ZERO);
        }
    }

    /** The topic the simulated dispatch platform publishes on (with {@code etaBroker}). */
    public static final String ETA_TOPIC = "fleet/sim-station/eta";

    private final Options options;
    private final StationConfig station = StationConfig.defaults();
    private final SwapStationModel model;
    private final StationRig rig;
    private final Optional<DispatchPlatform> platform;
    private Instant lastPublished = Instant.MIN;

    public StandaloneStation(Options options, Instant start) {
        this.options = options;
        StationControllerConfig control = StationControllerConfig.forStation(station);
        List<TruckArrival> arrivals = ArrivalGenerator.yibin(control.arrivals(), control.tariff().zone())
                .generate(start, Duration.ofDays(options.days()), options.seed());
        model = new SwapStationModel(StationModelConfig.matching(control, station.slots()), control.tariff().zone(),
                arrivals, start);
        rig = new StationRig(model);
        DispatchFeed feed = new DispatchFeed(arrivals, options.etaNotice(), Duration.ofMinutes(3), options.seed());
        try {
            rig.startPlc(options.plcPort());
            rig.startMeters(options.meterPort());
            platform = options.etaBroker().map(b -> new DispatchPlatform(b.toString(),
                    "sim-station-dispatch-platform", ETA_TOPIC, feed, System.err));
            publishEtas();
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** Once a station minute: the trucks due within the notice, as a dispatch platform publishes them. */
    private void publishEtas() {
        if (platform.isEmpty() || model.now().isBefore(lastPublished.plus(Duration.ofMinutes(1)))) {
            return;
        }
        lastPublished = model.now();
        platform.get().publish(model.now());
    }

    public Options options() {
        return options;
    }

    public StationRig rig() {
        return rig;
    }

    public SwapStationModel model() {
        return model;
    }

    /** Lets {@code dt} of station time pass with the chargers at the PLC's setpoints. */
    public synchronized void advance(Duration dt) {
        rig.advance(dt);
        publishEtas();
    }

    /**
     * Runs in real time times {@code speed} until the thread is interrupted: every {@code tick} of the wall clock the
     * station lives through the time that passed, a gap over a minute (the machine slept) taken as one minute.
     */
    public void runUntilInterrupted(Clock wall, Duration tick) {
        RealTime.runUntilInterrupted(wall, tick, options.speed(), this::advance);
    }

    /** One status line: station time, power, served and waiting trucks. */
    public synchronized String statusLine() {
        return String.format(Locale.ROOT, "%s  %6.0f kW  served %d  waiting %d", model.now(), model.gridKw(),
                model.served().size(), model.trucksWaiting());
    }

    /** A complete site config for {@code edgetally run} pointed at this simulator. */
    public String configYaml(String dataDir) {
        StringBuilder meters = new StringBuilder(String.format(Locale.ROOT,
                "    - {name: grid, model: sdm630, tcp: 127.0.0.1:%d, unit: 1, max-power-kw: 1500}%n",
                rig.gridMeterPort()));
        for (int i = 0; i < station.slots(); i++) {
            meters.append(String.format(Locale.ROOT,
                    "    - {name: charger-%d-dc, model: djsf1352, tcp: 127.0.0.1:%d, unit: 1, max-power-kw: 400}%n",
                    i, rig.dcMeterPort(i)));
        }
        return """
                # edgetally sim station: the simulated swap station answers on these ports.
                # Run the controller against it with: edgetally run --config <this file>
                site: sim-station
                device: station-01
                kind: swap-station
                data-dir: %s
                cycle: 10s
                station:
                  slots: %d
                  packs: %d
                  pack-kwh: %s
                  slot-kw: %s
                  grid-cap-kw: %s
                  swap-soc: %s
                  tariff: %s
                  plc:
                    tcp: 127.0.0.1:%d
                    unit: %d
                    heartbeat-timeout: 10s
                    setpoint-timeout: 1m
                %s
                io:
                  meters:             # the revenue meter first, then one DC meter per charger
                %s
                ledger:
                  methodology: swap-diesel
                  interval: 15m
                  grid: sichuan-2022
                coap: {bind: 127.0.0.1, port: 5683, dtls-port: 5684}
                """.formatted(dataDir, station.slots(), station.packs(), number(station.packKwh()),
                number(station.slotKw()), number(station.gridCapKw()), number(station.swapSoc()), station.tariff(),
                rig.plcPort(), StationRig.PLC_UNIT, options.etaBroker()
                        .map(b -> "  eta: {topic: " + ETA_TOPIC + ", broker: " + b + "}   # the simulated dispatch "
                                + "platform, " + options.etaNotice().toMinutes() + " min notice")
                        .orElse("  # eta: trucks' ETAs (sim station --eta-broker tcp://127.0.0.1:1883)"),
                meters.toString().stripTrailing());
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public synchronized void close() {
        platform.ifPresent(DispatchPlatform::close);
        rig.close();
    }
}
