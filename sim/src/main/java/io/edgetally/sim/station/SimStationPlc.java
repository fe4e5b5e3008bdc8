package io.edgetally.sim.station;

import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.StationPlcMap;
import io.edgetally.io.plc.SwapObservation;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The station PLC's register table ({@link StationPlcMap}) over a {@link SwapStationModel}, to be served as one unit
 * of a {@code SimModbusTcpServer}: {@link #publish} copies the model's slots, queue and completed swaps into it (a
 * swap record's sequence number last, the header's last sequence after the records), {@link #applySetpoints} hands
 * the setpoints edgetally wrote to the model, or 0 kW on every charger once edgetally's watchdog counter has not
 * changed for the timeout it wrote, as a PLC program following the map does. Every block read is one consistent
 * copy. Thread-safe.
 */
public final class SimStationPlc extends SimpleProcessImage {

    public static final int DEFAULT_RING = 16;

    private final int slots;
    private final int ring;
    private long sequence;
    private boolean heartbeatFrozen;
    private int lastWatchdog = -1;
    private Instant watchdogChangedAt;
    private boolean fellBack = true;

    public SimStationPlc(int unitId, int slots, int ring) {
        super(unitId);
        if (slots < 1 || slots > StationPlcMap.MAX_SLOTS || ring < 1 || ring > StationPlcMap.MAX_RING) {
            throw new IllegalArgumentException("simulated PLC: slots 1.." + StationPlcMap.MAX_SLOTS + " and ring 1.."
                    + StationPlcMap.MAX_RING + ", got " + slots + " and " + ring);
        }
        this.slots = slots;
        this.ring = ring;
        int size = StationPlcMap.recordAddress(ring, 0);
        for (int i = 0; i < size; i++) {
            addRegister(new SimpleRegister(0));
        }
        set(StationPlcMap.VERSION, StationPlcMap.MAP_VERSION);
        set(StationPlcMap.SLOT_COUNT, slots);
        set(StationPlcMap.RING_SIZE, ring);
    }

    /** Takes edgetally's setpoints into the model: 0 kW everywhere once its watchdog has stopped for its timeout. */
    public synchronized void applySetpoints(SwapStationModel model) {
        Instant now = model.now();
        int watchdog = get(StationPlcMap.WATCHDOG);
        if (watchdog != lastWatchdog) {
            lastWatchdog = watchdog;
            watchdogChangedAt = now;
        }
        int timeoutS = get(StationPlcMap.WATCHDOG_TIMEOUT_S);
        // never written (timeout 0) counts as expired: a PLC starts with its chargers off
        fellBack = timeoutS == 0 || Duration.between(watchdogChangedAt, now).toSeconds() > timeoutS;
        List<ChargerSetpoint> setpoints = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            setpoints.add(new ChargerSetpoint(i, fellBack ? 0 : setpointKw(i)));
        }
        model.apply(setpoints);
    }

    /** Copies the model's state in; takes (and so consumes) the swaps the model completed since the last call. */
    public synchronized void publish(SwapStationModel model) {
        StationSnapshot s = model.snapshot();
        if (!heartbeatFrozen) {
            set(StationPlcMap.HEARTBEAT, (int) (model.now().getEpochSecond() & 0xFFFF));
        }
        set(StationPlcMap.TRUCKS_WAITING, s.trucksWaiting());
        for (SlotState slot : s.slots()) {
            int i = slot.slot();
            set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_STATUS), switch (slot.charger()) {
                case OK -> StationPlcMap.STATUS_READY;
                case FAULT -> StationPlcMap.STATUS_FAULT;
                case OFFLINE, UNKNOWN -> StationPlcMap.STATUS_OFFLINE;
            });
            set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_PACK_PRESENT), slot.pack().isPresent() ? 1 : 0);
            if (slot.pack().isPresent()) {
                PackState p = slot.pack().get();
                setAll(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_PACK_ID), StationPlcMap.encodeId(p.packId()));
                // as a BMS shows it, truncated to 0.1 %: a pack just short of the hand-out SOC never reads as at it
                set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_SOC), (int) Math.floor(p.soc() * 1000 + 1e-6));
                set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_TEMPERATURE),
                        p.temperature() instanceof TemperatureReading.Valid v
                                ? StationPlcMap.temperatureWord(v.celsius()) : StationPlcMap.TEMPERATURE_INVALID);
            } else {
                setAll(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_PACK_ID), new int[StationPlcMap.ID_REGISTERS]);
                set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_SOC), 0);
                set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_TEMPERATURE), StationPlcMap.TEMPERATURE_INVALID);
            }
            set(StationPlcMap.slotAddress(i, StationPlcMap.SLOT_BMS_FAULT), 0);
        }
        for (SwapObservation swap : s.completedSwaps()) {
            record(swap);
        }
        int[] last = new int[2];
        StationPlcMap.putUint32(last, 0, sequence);
        setAll(StationPlcMap.LAST_SEQUENCE, last);
    }

    private void record(SwapObservation swap) {
        long seq = ++sequence;
        int[] w = new int[StationPlcMap.RECORD_LENGTH];
        System.arraycopy(StationPlcMap.encodeId(swap.truckId()), 0, w, StationPlcMap.REC_TRUCK_ID,
                StationPlcMap.ID_REGISTERS);
        w[StationPlcMap.REC_SLOT] = swap.slot();
        System.arraycopy(StationPlcMap.encodeId(swap.packOutId()), 0, w, StationPlcMap.REC_PACK_OUT,
                StationPlcMap.ID_REGISTERS);
        System.arraycopy(StationPlcMap.encodeId(swap.packInId()), 0, w, StationPlcMap.REC_PACK_IN,
                StationPlcMap.ID_REGISTERS);
        w[StationPlcMap.REC_SOC_OUT] = (int) Math.round(swap.socOut() * 1000);
        w[StationPlcMap.REC_SOC_IN] = (int) Math.round(swap.socIn() * 1000);
        StationPlcMap.putUint32(w, StationPlcMap.REC_ARRIVED, swap.arrivedAt().getEpochSecond());
        StationPlcMap.putUint32(w, StationPlcMap.REC_STARTED, swap.startedAt().getEpochSecond());
        StationPlcMap.putUint32(w, StationPlcMap.REC_COMPLETED, swap.completedAt().getEpochSecond());
        StationPlcMap.putUint32(w, StationPlcMap.REC_SEQUENCE, seq);
        int base = StationPlcMap.recordAddress(StationPlcMap.ringIndex(seq, ring), 0);
        // the body first, the sequence last: a reader never takes a half-written record for a whole one
        for (int i = StationPlcMap.REC_SEQUENCE + 2; i < w.length; i++) {
            set(base + i, w[i]);
        }
        set(base + StationPlcMap.REC_SEQUENCE, w[StationPlcMap.REC_SEQUENCE]);
        set(base + StationPlcMap.REC_SEQUENCE + 1, w[StationPlcMap.REC_SEQUENCE + 1]);
    }

    /** The grid-side limit edgetally last wrote for {@code slot}, kW. */
    public synchronized double setpointKw(int slot) {
        return get(StationPlcMap.SETPOINT_BASE + slot) / 10.0;
    }

    /** Whether the last {@link #applySetpoints} held every charger at 0 kW because edgetally's watchdog stopped. */
    public synchronized boolean fellBack() {
        return fellBack;
    }

    /** Swaps written to the ring so far (= the newest record's sequence number). */
    public synchronized long sequence() {
        return sequence;
    }

    public int ringSize() {
        return ring;
    }

    /** A reloaded PLC program: its swap count starts from 1 again (the ring's old records stay until overwritten). */
    public synchronized void resetSequence() {
        sequence = 0;
        int[] last = new int[2];
        setAll(StationPlcMap.LAST_SEQUENCE, last);
    }

    /** A PLC program that stopped: the heartbeat register keeps its value. */
    public synchronized void freezeHeartbeat(boolean frozen) {
        heartbeatFrozen = frozen;
    }

    /** Writes a raw value, as a miswired or misprogrammed PLC would (until the next {@link #publish} overwrites it). */
    public synchronized void poke(int address, int value) {
        set(address, value);
    }

    public synchronized int peek(int address) {
        return get(address);
    }

    /** One consistent copy for reads; writes (function 16 and 06) go through to the table. */
    @Override
    public synchronized Register[] getRegisterRange(int ref, int count) {
        Register[] live = super.getRegisterRange(ref, count);
        Register[] out = new Register[count];
        for (int i = 0; i < count; i++) {
            out[i] = new WriteThrough(live[i]);
        }
        return out;
    }

    @Override
    public synchronized Register getRegister(int ref) {
        return new WriteThrough(super.getRegister(ref));
    }

    private int get(int address) {
        return super.getRegister(address).toUnsignedShort();
    }

    private void set(int address, int value) {
        super.getRegister(address).setValue(value & 0xFFFF);
    }

    private void setAll(int address, int[] values) {
        for (int i = 0; i < values.length; i++) {
            set(address + i, values[i]);
        }
    }

    private final class WriteThrough extends SimpleRegister {
        private final Register live;

        WriteThrough(Register live) {
            this(live, live.toUnsignedShort());
        }

        // SimpleRegister(int) calls the overridden setValue before 'live' is set: build from the bytes instead
        private WriteThrough(Register live, int value) {
            super((byte) (value >>> 8), (byte) value);
            this.live = live;
        }

        // j2mod writes through each of the three setters (function 16: int, function 06: bytes)
        @Override
        public void setValue(int v) {
            synchronized (SimStationPlc.this) {
                live.setValue(v);
            }
            super.setValue(v);
        }

        @Override
        public void setValue(short s) {
            setValue(s & 0xFFFF);
        }

        @Override
        public void setValue(byte[] bytes) {
            setValue(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
        }
    }
}
