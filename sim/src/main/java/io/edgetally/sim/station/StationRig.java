package io.edgetally.sim.station;

import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.StationIo;
import io.edgetally.sim.io.SimModbusMeterServer;
import io.edgetally.sim.io.SimModbusTcpServer;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated station's field side: its PLC (slots, packs, queue and swaps, setpoints to the chargers) played by
 * the {@link SwapStationModel}, and its meters as Modbus TCP servers on loopback: the revenue meter (an SDM630, grid
 * import) and one DC meter per charger (an Acrel DJSF1352), each its own server (unit 1), as meters behind separate
 * gateways would be. The controller reads energy only from those servers, never from the model.
 *
 * <p>The PLC is either in-process (this class as the {@link StationIo}, for the demo) or, after {@link #startPlc},
 * a Modbus TCP server implementing the station PLC map ({@link SimStationPlc}, unit {@value #PLC_UNIT}) for
 * {@code ModbusStationIo}; then {@link #advance} takes the setpoints from its registers and publishes into them.
 */
public final class StationRig implements StationIo, AutoCloseable {

    /**
     * Serial numbers the rig's meters would report: the revenue meter, then charger i at {@code DC_SERIAL_BASE + i};
     * the DC meters' map has no serial register, so only the revenue meter shows its own.
     */
    public static final long GRID_SERIAL = 26_060_100L;
    public static final long DC_SERIAL_BASE = 26_060_200L;

    public static final int PLC_UNIT = 1;

    private final SwapStationModel model;
    private final SimStationPlc plc;
    private final SimModbusTcpServer plcServer;
    private volatile boolean plcServed;
    private final SimModbusMeterServer gridMeter;
    private final List<SimModbusMeterServer> dcMeters = new ArrayList<>();
    private final double[] dcKwh;
    private final double[] dcKw;
    private volatile double gridKwh;
    private volatile double gridKw;
    private volatile double[] dcKwhShown;
    private volatile double[] dcKwShown;

    public StationRig(SwapStationModel model) {
        this(model, SimStationPlc.DEFAULT_RING);
    }

    /** @param ringSize swap records the simulated PLC keeps */
    public StationRig(SwapStationModel model, int ringSize) {
        this.model = model;
        int n = model.config().slots();
        this.plc = new SimStationPlc(PLC_UNIT, n, ringSize);
        this.plcServer = new SimModbusTcpServer("station-plc").unit(PLC_UNIT, plc);
        this.dcKwh = new double[n];
        this.dcKw = new double[n];
        this.gridMeter = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1, GRID_SERIAL,
                () -> gridKwh, () -> gridKw * 1000);
        for (int i = 0; i < n; i++) {
            int slot = i;
            dcMeters.add(new SimModbusMeterServer(SimModbusMeterServer.Model.DJSF1352, 1, DC_SERIAL_BASE + i,
                    () -> dcKwhShown[slot], () -> dcKwShown[slot] * 1000));
        }
        publishMeters(Duration.ZERO);
    }

    /** Starts every meter on a free loopback port. */
    public void startMeters() {
        startMeters(0);
    }

    /**
     * Starts the revenue meter on {@code basePort} and charger i's DC meter on {@code basePort + 1 + i}; every meter
     * on a free port when {@code basePort} is 0.
     */
    public void startMeters(int basePort) {
        gridMeter.start(basePort);
        for (int i = 0; i < dcMeters.size(); i++) {
            dcMeters.get(i).start(basePort == 0 ? 0 : basePort + 1 + i);
        }
    }

    /**
     * Serves the PLC map on 127.0.0.1:{@code port} (0 = any free port) from now on; the in-process
     * {@link #read()}/{@link #apply} are then refused. @return the bound port
     */
    public int startPlc(int port) {
        if (!plcServed) {
            plcServed = true;
            plc.publish(model);
        }
        return plcServer.start(port);
    }

    /** Starts the PLC server again on the port it had (after {@link #stopPlc()}). */
    public int restartPlc() {
        return plcServer.start();
    }

    /** The PLC's server stops listening and drops its connections; the station goes on. */
    public void stopPlc() {
        plcServer.close();
    }

    public int plcPort() {
        return plcServer.port();
    }

    public SimStationPlc plc() {
        return plc;
    }

    /** Faults of the PLC as a Modbus unit (silent, exception answers). */
    public SimModbusTcpServer plcServer() {
        return plcServer;
    }

    public int gridMeterPort() {
        return gridMeter.port();
    }

    public int dcMeterPort(int slot) {
        return dcMeters.get(slot).port();
    }

    public SimModbusMeterServer gridMeter() {
        return gridMeter;
    }

    public SimModbusMeterServer dcMeter(int slot) {
        return dcMeters.get(slot);
    }

    public SwapStationModel model() {
        return model;
    }

    @Override
    public Image read() {
        requireInProcess();
        StationSnapshot s = model.snapshot();
        List<SlotImage> slots = new ArrayList<>(s.slots().size());
        for (SlotState slot : s.slots()) {
            slots.add(new SlotImage(slot.slot(), slot.charger(), slot.pack()));
        }
        return new Image(slots, s.trucksWaiting(), s.completedSwaps());
    }

    @Override
    public void apply(List<ChargerSetpoint> setpoints) {
        requireInProcess();
        model.apply(setpoints);
    }

    private void requireInProcess() {
        if (plcServed) {
            throw new IllegalStateException("the simulated PLC is served over Modbus on port " + plcPort()
                    + ": read it there");
        }
    }

    /**
     * Lets {@code dt} of station time pass with the chargers at their setpoints, then updates the meters (and the
     * served PLC's registers).
     */
    public void advance(Duration dt) {
        if (plcServed) {
            plc.applySetpoints(model);
        }
        model.advance(dt);
        publishMeters(dt);
        if (plcServed) {
            plc.publish(model);
        }
    }

    private void publishMeters(Duration dt) {
        double hours = dt.toMillis() / 3_600_000.0;
        for (int i = 0; i < dcKwh.length; i++) {
            double now = model.chargerDcKwh(i);
            dcKw[i] = hours > 0 ? (now - dcKwh[i]) / hours : 0;
            dcKwh[i] = now;
        }
        // one consistent set of values for the servers' threads
        dcKwhShown = dcKwh.clone();
        dcKwShown = dcKw.clone();
        gridKw = model.gridKw();
        gridKwh = model.gridImportKwh();
    }

    @Override
    public void close() {
        plcServer.close();
        gridMeter.close();
        for (SimModbusMeterServer m : dcMeters) {
            m.close();
        }
    }
}
