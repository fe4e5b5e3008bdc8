package io.edgetally.io.plc;

import static io.edgetally.io.plc.StationPlcMap.describe;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusResult;
import io.edgetally.io.modbus.RegisterBlock;
import io.edgetally.io.modbus.RegisterKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station PLC over Modbus ({@link StationPlcMap}). Each {@link #read()} takes the header, every slot block in
 * as few requests as the protocol allows, and the swap records not yet stored; {@link #apply} writes the watchdog
 * and every setpoint in one request.
 *
 * <p>Safe state: a PLC that does not answer, whose heartbeat has not changed for {@code heartbeatTimeout}, or whose
 * header does not match (map version, slot count, ring size) gives an invalid image: every charger is reported
 * offline (the controller gives it no power), 0 kW is written to every setpoint, and a critical alarm is raised;
 * the next good read clears it. Should edgetally stop writing, the PLC itself falls back to 0 kW after the
 * watchdog timeout written beside the setpoints. A bad value in one slot takes that slot offline and raises
 * {@code station.plc.bad-value} naming the register.
 *
 * <p>Swaps: the PLC keeps the last {@code ring size} swaps with increasing sequence numbers; the last sequence
 * stored is kept in SQLite ({@link PlcSwapCursor}) and moved only once the swaps are stored, so neither a missed
 * cycle nor a restart loses one. A ring overrun raises {@code station.plc.swaps-lost} with the count, for a day.
 */
public final class ModbusStationIo implements StationIo {

    /**
     * @param unitId           the PLC's Modbus unit id
     * @param slots            slots configured (the PLC must report the same)
     * @param heartbeatTimeout the PLC's heartbeat register must change within this
     * @param setpointTimeout  written to the PLC: it holds every charger at 0 kW when edgetally's watchdog counter
     *                         has not changed for this long
     */
    public record Settings(int unitId, int slots, Duration heartbeatTimeout, Duration setpointTimeout) {
        public Settings {
            if (slots < 1 || slots > StationPlcMap.MAX_SLOTS) {
                throw new IllegalArgumentException("station PLC: slots must be 1.." + StationPlcMap.MAX_SLOTS
                        + ", got " + slots);
            }
            if (setpointTimeout.toSeconds() < 1 || setpointTimeout.toSeconds() > 0xFFFF) {
                throw new IllegalArgumentException("station PLC: setpoint timeout must be 1..65535 s, got "
                        + setpointTimeout);
            }
            if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
                throw new IllegalArgumentException("station PLC: heartbeat timeout must be positive, got "
                        + heartbeatTimeout);
            }
        }
    }

    /** The PLC link's alarm codes. */
    public static final String OFFLINE = "station.plc.offline";
    public static final String HEARTBEAT = "station.plc.heartbeat";
    public static final String MAP = "station.plc.map";
    public static final String SETPOINTS = "station.plc.setpoints";
    public static final String BAD_VALUE = "station.plc.bad-value";
    public static final String BMS_FAULT = "station.plc.bms-fault";
    public static final String SWAPS_LOST = "station.plc.swaps-lost";
    public static final String SEQUENCE = "station.plc.sequence";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusStationIo.class);
    /** how long the alarms for past events (lost swaps, a reset count) stay up for the next shift to see */
    private static final Duration ALARM_KEPT = Duration.ofDays(1);
    private static final int SLOTS_PER_READ = RegisterBlock.MAX_COUNT / StationPlcMap.SLOT_STRIDE;

    private final ModbusClient client;
    private final Settings settings;
    private final PlcSwapCursor cursor;
    private final Clock clock;
    private final String plc;
    private final AlarmBook alarms;

    /** the last sequence stored; null before the first contact with a PLC on this device */
    private Long committedSeq;
    /** where the cursor moves once this read's swaps are stored; null: it stays */
    private Long pendingSeq;
    private boolean imageValid;
    private int lastHeartbeat = -1;
    private Instant heartbeatChangedAt;
    private int watchdog;
    private long swapsLost;
    private Instant lostAlarmUntil;
    private Instant sequenceAlarmUntil;

    /** With an alarm book of its own (a test; a site passes its book). */
    public ModbusStationIo(ModbusClient client, Settings settings, PlcSwapCursor cursor, Clock clock) {
        this(client, settings, cursor, clock, new AlarmBook());
    }

    /** @param alarms the site's alarm book: the link raises and clears its own codes there */
    public ModbusStationIo(ModbusClient client, Settings settings, PlcSwapCursor cursor, Clock clock,
                           AlarmBook alarms) {
        this.alarms = alarms;
        this.client = client;
        this.settings = settings;
        this.cursor = cursor;
        this.clock = clock;
        this.plc = "station PLC " + client.endpoint() + " unit " + settings.unitId();
        var stored = cursor.load();
        this.committedSeq = stored.isPresent() ? stored.getAsLong() : null;
    }

    @Override
    public synchronized Image read() {
        Instant now = clock.instant();
        imageValid = false;
        pendingSeq = null;
        ModbusResult headerRead = client.read(block(StationPlcMap.VERSION, StationPlcMap.HEADER_LENGTH));
        if (!(headerRead instanceof ModbusResult.Registers header)) {
            return invalid(OFFLINE, plc + " does not answer (" + ((ModbusResult.Failure) headerRead).reason()
                    + "): every charger held at 0 kW", now);
        }
        int[] h = header.words();
        String mapProblem = StationPlcMap.headerProblem(h, settings.slots());
        if (mapProblem != null) {
            return invalid(MAP, plc + ": " + mapProblem + "; every charger held at 0 kW", now);
        }
        alarms.clear(MAP, now);
        if (lastHeartbeat != h[StationPlcMap.HEARTBEAT]) {
            lastHeartbeat = h[StationPlcMap.HEARTBEAT];
            heartbeatChangedAt = now;
        } else if (Duration.between(heartbeatChangedAt, now).compareTo(settings.heartbeatTimeout()) > 0) {
            return invalid(HEARTBEAT, plc + ": " + describe(StationPlcMap.HEARTBEAT, "heartbeat")
                    + " stuck at " + lastHeartbeat + " since " + heartbeatChangedAt + " (allowed "
                    + settings.heartbeatTimeout().toSeconds() + " s): the PLC program is not running; every charger"
                    + " held at 0 kW", now);
        }
        alarms.clear(HEARTBEAT, now);
        List<String> bad = new ArrayList<>();
        List<String> bmsFaults = new ArrayList<>();
        List<SlotImage> slots = new ArrayList<>(settings.slots());
        for (int first = 0; first < settings.slots(); first += SLOTS_PER_READ) {
            int n = Math.min(SLOTS_PER_READ, settings.slots() - first);
            ModbusResult slotRead = client.read(block(StationPlcMap.slotAddress(first, 0),
                    n * StationPlcMap.SLOT_STRIDE));
            if (!(slotRead instanceof ModbusResult.Registers r)) {
                return invalid(OFFLINE, plc + " does not answer for the slot registers ("
                        + ((ModbusResult.Failure) slotRead).reason() + "): every charger held at 0 kW", now);
            }
            int[] w = r.words();
            for (int i = 0; i < n; i++) {
                slots.add(slot(first + i, w, i * StationPlcMap.SLOT_STRIDE, bad, bmsFaults));
            }
        }
        alarms.clear(OFFLINE, now);
        List<SwapObservation> swaps = swaps(StationPlcMap.uint32(h, StationPlcMap.LAST_SEQUENCE),
                h[StationPlcMap.RING_SIZE], bad, now);
        flag(BAD_VALUE, Alarm.Severity.WARNING, bad, plc + " reports values out of the map's range (the"
                + " slot is held at 0 kW, a bad swap record is not booked): ", now);
        flag(BMS_FAULT, Alarm.Severity.WARNING, bmsFaults, "packs' BMS report faults (not charged): ", now);
        if (lostAlarmUntil != null && now.isAfter(lostAlarmUntil)) {
            alarms.clear(SWAPS_LOST, now);
            lostAlarmUntil = null;
            swapsLost = 0;
        }
        if (sequenceAlarmUntil != null && now.isAfter(sequenceAlarmUntil)) {
            alarms.clear(SEQUENCE, now);
            sequenceAlarmUntil = null;
        }
        imageValid = true;
        return new Image(slots, h[StationPlcMap.TRUCKS_WAITING], swaps);
    }

    private SlotImage slot(int slot, int[] w, int at, List<String> bad, List<String> bmsFaults) {
        String where = "slot " + slot;
        ChargerStatus status = switch (w[at + StationPlcMap.SLOT_STATUS]) {
            case StationPlcMap.STATUS_READY -> ChargerStatus.OK;
            case StationPlcMap.STATUS_FAULT -> ChargerStatus.FAULT;
            case StationPlcMap.STATUS_OFFLINE -> ChargerStatus.OFFLINE;
            default -> null;
        };
        if (status == null) {
            bad.add(describe(StationPlcMap.slotAddress(slot, StationPlcMap.SLOT_STATUS), where + " charger status")
                    + " is " + w[at + StationPlcMap.SLOT_STATUS] + ", expected 1 ready, 2 fault or 3 offline");
            return new SlotImage(slot, ChargerStatus.OFFLINE, Optional.empty());
        }
        int present = w[at + StationPlcMap.SLOT_PACK_PRESENT];
        if (present == 0) {
            return new SlotImage(slot, status, Optional.empty());
        }
        String problem = null;
        int problemAt = StationPlcMap.SLOT_PACK_PRESENT;
        String id = StationPlcMap.decodeId(w, at + StationPlcMap.SLOT_PACK_ID);
        int soc = w[at + StationPlcMap.SLOT_SOC];
        if (present != 1) {
            problem = "pack present is " + present + ", expected 0 or 1";
        } else if (id == null || id.isEmpty()) {
            problemAt = StationPlcMap.SLOT_PACK_ID;
            problem = "pack id is " + (id == null ? "not printable ASCII" : "empty") + " while a pack is present";
        } else if (soc > 1000) {
            problemAt = StationPlcMap.SLOT_SOC;
            problem = "pack SOC is " + soc + " (0.1 %), expected 0..1000";
        }
        if (problem != null) {
            bad.add(describe(StationPlcMap.slotAddress(slot, problemAt), where) + ": " + problem);
            return new SlotImage(slot, ChargerStatus.OFFLINE, Optional.empty());
        }
        int raw = w[at + StationPlcMap.SLOT_TEMPERATURE];
        int tenths = (short) raw;
        int tempAddress = StationPlcMap.slotAddress(slot, StationPlcMap.SLOT_TEMPERATURE);
        TemperatureReading temperature;
        if (raw == StationPlcMap.TEMPERATURE_INVALID) {
            temperature = new TemperatureReading.Invalid(TemperatureReading.SensorFault.NO_RESPONSE,
                    "pack " + id + " in " + where + ": the BMS has no valid temperature (" + describe(tempAddress,
                    "pack temperature") + " = 0x8000)");
        } else if (tenths < -500 || tenths > 1500) {
            bad.add(describe(tempAddress, where + " pack temperature") + " is " + tenths / 10.0
                    + " °C, expected -50..150 °C or 0x8000 for none");
            temperature = new TemperatureReading.Invalid(TemperatureReading.SensorFault.OUT_OF_RANGE,
                    "pack " + id + " in " + where + ": " + tenths / 10.0 + " °C is implausible");
        } else {
            temperature = new TemperatureReading.Valid(tenths / 10.0);
        }
        int bms = w[at + StationPlcMap.SLOT_BMS_FAULT];
        if (bms != 0) {
            bmsFaults.add(where + " pack " + id + " code " + bms);
            status = ChargerStatus.FAULT;
        }
        return new SlotImage(slot, status, Optional.of(new PackState(id, soc / 1000.0, temperature)));
    }

    private List<SwapObservation> swaps(long last, int ring, List<String> bad, Instant now) {
        if (committedSeq == null) {
            LOG.info("{}: first contact, its swap log is at sequence {}; swaps from the next one on are booked",
                    plc, last);
            pendingSeq = last;
            return List.of();
        }
        long base = committedSeq;
        if (last < committedSeq) {
            // a reloaded or replaced PLC program counts from 1 again: what it holds now is new
            raise(SEQUENCE, Alarm.Severity.WARNING, plc + ": " + describe(StationPlcMap.LAST_SEQUENCE,
                    "last swap sequence") + " went back from " + committedSeq + " to " + last + " (PLC program "
                    + "reset or replaced): following its new count", now);
            sequenceAlarmUntil = now.plus(ALARM_KEPT);
            base = 0;
            pendingSeq = 0L;
        }
        long from = base + 1;
        if (last - base > ring) {
            from = last - ring + 1;
            lost(from - base - 1, base + 1, from - 1, ring, now);
            pendingSeq = from - 1; // counted once, not again next cycle
        }
        List<SwapObservation> out = new ArrayList<>();
        for (long seq = from; seq <= last; seq++) {
            int index = StationPlcMap.ringIndex(seq, ring);
            if (!(client.read(block(StationPlcMap.recordAddress(index, 0), StationPlcMap.RECORD_LENGTH))
                    instanceof ModbusResult.Registers r)) {
                break; // read again next cycle
            }
            int[] w = r.words();
            long found = StationPlcMap.uint32(w, StationPlcMap.REC_SEQUENCE);
            if (found < seq) {
                break; // the PLC is still writing it: its sequence is written last
            }
            pendingSeq = seq;
            if (found > seq) {
                lost(1, seq, seq, ring, now); // overwritten since the header was read
                continue;
            }
            String problem = recordProblem(w);
            if (problem != null) {
                bad.add("swap " + seq + " at " + describe(StationPlcMap.recordAddress(index, 0), "ring record "
                        + index) + ": " + problem);
                continue;
            }
            out.add(new SwapObservation(StationPlcMap.decodeId(w, StationPlcMap.REC_TRUCK_ID),
                    w[StationPlcMap.REC_SLOT], StationPlcMap.decodeId(w, StationPlcMap.REC_PACK_OUT),
                    StationPlcMap.decodeId(w, StationPlcMap.REC_PACK_IN), w[StationPlcMap.REC_SOC_OUT] / 1000.0,
                    w[StationPlcMap.REC_SOC_IN] / 1000.0, epoch(w, StationPlcMap.REC_ARRIVED),
                    epoch(w, StationPlcMap.REC_STARTED), epoch(w, StationPlcMap.REC_COMPLETED)));
        }
        return out;
    }

    private String recordProblem(int[] w) {
        for (int field : new int[] {StationPlcMap.REC_TRUCK_ID, StationPlcMap.REC_PACK_OUT, StationPlcMap.REC_PACK_IN}) {
            String id = StationPlcMap.decodeId(w, field);
            if (id == null || id.isEmpty()) {
                return "offset " + field + " (an id) is " + (id == null ? "not printable ASCII" : "empty");
            }
        }
        if (w[StationPlcMap.REC_SLOT] >= settings.slots()) {
            return "offset " + StationPlcMap.REC_SLOT + " (slot) is " + w[StationPlcMap.REC_SLOT] + ", expected 0.."
                    + (settings.slots() - 1);
        }
        for (int field : new int[] {StationPlcMap.REC_SOC_OUT, StationPlcMap.REC_SOC_IN}) {
            if (w[field] > 1000) {
                return "offset " + field + " (SOC) is " + w[field] + " (0.1 %), expected 0..1000";
            }
        }
        long arrived = StationPlcMap.uint32(w, StationPlcMap.REC_ARRIVED);
        long started = StationPlcMap.uint32(w, StationPlcMap.REC_STARTED);
        long completed = StationPlcMap.uint32(w, StationPlcMap.REC_COMPLETED);
        if (arrived == 0 || started < arrived || completed < started) {
            return "times (offsets " + StationPlcMap.REC_ARRIVED + ".." + (StationPlcMap.REC_COMPLETED + 1)
                    + ") are " + arrived + ", " + started + ", " + completed + ": expected arrived <= started <= "
                    + "completed, epoch seconds";
        }
        return null;
    }

    private void lost(long count, long fromSeq, long toSeq, int ring, Instant now) {
        swapsLost += count;
        lostAlarmUntil = now.plus(ALARM_KEPT);
        raise(SWAPS_LOST, Alarm.Severity.WARNING, swapsLost + " swap(s) lost in the last day, most "
                + "recently sequence " + fromSeq + ".." + toSeq + ": " + plc + " keeps the last " + ring
                + " and overwrote them before they were read; they are not in station_swaps", now);
    }

    @Override
    public synchronized void apply(List<ChargerSetpoint> setpoints) {
        int offset = StationPlcMap.SETPOINT_BASE - StationPlcMap.WATCHDOG;
        int[] words = new int[offset + settings.slots()];
        watchdog = (watchdog + 1) & 0xFFFF;
        words[0] = watchdog;
        words[StationPlcMap.WATCHDOG_TIMEOUT_S - StationPlcMap.WATCHDOG] = (int) settings.setpointTimeout().toSeconds();
        if (imageValid) { // else every setpoint stays 0 kW, whatever was planned
            for (ChargerSetpoint s : setpoints) {
                if (s.slot() >= 0 && s.slot() < settings.slots()) {
                    words[offset + s.slot()] = StationPlcMap.setpointWord(s.powerKw());
                }
            }
        }
        if (client.writeRegisters(settings.unitId(), StationPlcMap.WATCHDOG, words) instanceof ModbusResult.Failure f) {
            if (!alarms.isActive(SETPOINTS)) { // the first failure names the cause; later ones add counts
                raise(SETPOINTS, Alarm.Severity.CRITICAL, "setpoints not written: " + f.reason()
                        + "; the PLC holds every charger at 0 kW " + settings.setpointTimeout().toSeconds()
                        + " s after the last write", clock.instant());
            }
        } else {
            alarms.clear(SETPOINTS, clock.instant());
        }
    }

    /** Writes 0 kW to every charger now, as at a stop: the PLC need not wait out its watchdog. */
    public synchronized void holdAtZero() {
        imageValid = false;
        apply(List.of());
    }

    @Override
    public synchronized void swapsStored() {
        if (pendingSeq != null && !pendingSeq.equals(committedSeq)) {
            cursor.save(pendingSeq, clock.instant());
            committedSeq = pendingSeq;
        }
        pendingSeq = null;
    }

    /** The link's own active alarms (the site's book holds the controller's too). */
    public List<Alarm> activeAlarms() {
        return alarms.active().stream().filter(a -> isLinkAlarm(a.code())).toList();
    }

    /** Whether {@code code} is one of this link's alarms (they all start {@code station.plc.}). */
    public static boolean isLinkAlarm(String code) {
        return code.startsWith("station.plc.");
    }

    /** Whether the last read gave a trusted image (false: every charger was held at 0 kW). */
    public synchronized boolean imageValid() {
        return imageValid;
    }

    /** Raises {@code code}, or restates it with a new message (a count that grew), which is logged here. */
    private void raise(String code, Alarm.Severity severity, String message, Instant now) {
        boolean restating = alarms.isActive(code);
        alarms.raiseOrRestate(code, severity, message, now).filter(a -> restating)
                .ifPresent(a -> LOG.warn("alarm {} now: {}", code, message));
    }

    private Image invalid(String code, String message, Instant now) {
        raise(code, Alarm.Severity.CRITICAL, message, now);
        List<SlotImage> slots = new ArrayList<>(settings.slots());
        for (int i = 0; i < settings.slots(); i++) {
            slots.add(new SlotImage(i, ChargerStatus.UNKNOWN, Optional.empty()));
        }
        return new Image(slots, 0, List.of());
    }

    private void flag(String code, Alarm.Severity severity, List<String> problems, String lead, Instant now) {
        if (problems.isEmpty()) {
            alarms.clear(code, now);
        } else {
            raise(code, severity, lead + String.join("; ", problems), now);
        }
    }

    private RegisterBlock block(int start, int count) {
        return new RegisterBlock(settings.unitId(), RegisterKind.HOLDING, start, count);
    }

    private static Instant epoch(int[] w, int at) {
        return Instant.ofEpochSecond(StationPlcMap.uint32(w, at));
    }
}
