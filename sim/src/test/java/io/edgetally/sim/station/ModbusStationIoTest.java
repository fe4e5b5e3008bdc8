package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.ModbusStationIo;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.PlcSwapCursor;
import io.edgetally.io.plc.StationIo;
import io.edgetally.io.plc.StationPlcMap;
import io.edgetally.io.plc.SwapObservation;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Modbus PLC link against the simulated station PLC over a loopback socket. */
class ModbusStationIoTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final ModbusStationIo.Settings SETTINGS = new ModbusStationIo.Settings(StationRig.PLC_UNIT, 8,
            Duration.ofSeconds(10), Duration.ofMinutes(3));

    @TempDir
    Path dir;

    private final StationScenario scenario = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 5);
    private final SwapStationModel model = scenario.model();
    private final ManualClock clock = new ManualClock(scenario.start());
    private final List<AutoCloseable> open = new ArrayList<>();
    private StationRig rig;
    private Database db;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private ModbusStationIo io(int ringSize) {
        if (rig == null) {
            rig = new StationRig(model, ringSize);
            open.add(rig);
            rig.startPlc(0);
            db = Database.open(dir.resolve("edgetally.db"), Database.Durability.NORMAL);
            open.add(db);
        }
        ModbusClient client = new ModbusClient(new TcpModbusTransport(new TcpSettings("127.0.0.1", rig.plcPort(),
                Duration.ofMillis(500), Duration.ofMillis(300))), BackoffPolicy.DEFAULT, clock);
        open.add(client);
        return new ModbusStationIo(client, SETTINGS, new PlcSwapCursor(db), clock);
    }

    /** One cycle as StationSite runs it: read, set every charger to {@code kw}, store the swaps. */
    private StationIo.Image cycle(ModbusStationIo io, double kw) {
        StationIo.Image image = io.read();
        io.apply(allAt(kw));
        io.swapsStored();
        return image;
    }

    private static List<ChargerSetpoint> allAt(double kw) {
        List<ChargerSetpoint> setpoints = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            setpoints.add(new ChargerSetpoint(i, kw));
        }
        return setpoints;
    }

    private void advance(Duration d) {
        rig.advance(d);
        clock.advance(d);
    }

    private static Optional<Alarm> alarm(ModbusStationIo io, String code) {
        return io.activeAlarms().stream().filter(a -> a.code().equals(code)).findFirst();
    }

    @Test
    void theImageIsTheModelsAndSetpointsReachItsChargers() {
        ModbusStationIo io = io(16);
        model.setPackSoc(3, 0.4);
        model.setPackTemperature(3, 31.26);
        advance(MINUTE);
        StationIo.Image image = io.read();
        assertThat(io.imageValid()).isTrue();
        assertThat(image.slots()).hasSize(8);
        PackState pack = image.slots().get(3).pack().orElseThrow();
        assertThat(pack.packId()).isEqualTo("S04");
        assertThat(pack.soc()).isCloseTo(model.soc(3), within(0.0006));
        assertThat(((TemperatureReading.Valid) pack.temperature()).celsius())
                .isCloseTo(model.packTemperatureCelsius(3), within(0.06));
        assertThat(image.slots()).allMatch(s -> s.charger() == ChargerStatus.OK);

        io.apply(List.of(new ChargerSetpoint(3, 123.45)));
        assertThat(rig.plc().setpointKw(3)).isEqualTo(123.4); // rounded down: never above the plan
        assertThat(rig.plc().setpointKw(0)).isZero();
        double before = model.soc(3);
        advance(MINUTE);
        assertThat(rig.plc().fellBack()).isFalse();
        assertThat(model.gridKw()).isCloseTo(123.4, within(0.01));
        assertThat(model.soc(3)).isGreaterThan(before);
    }

    @Test
    void everySwapArrivesOnceThroughMissedCyclesAndARestart() {
        ModbusStationIo io = io(16);
        List<SwapObservation> booked = new ArrayList<>();
        for (int minute = 0; minute < 12 * 60; minute++) {
            boolean missed = minute % 90 >= 60 && minute % 90 < 75; // a quarter hour without reads, every 1.5 h
            if (minute == 6 * 60) {
                io = io(16); // edgetally restarts: a new link, the cursor from SQLite
            }
            if (!missed) {
                booked.addAll(cycle(io, 300).completedSwaps());
            }
            advance(MINUTE);
        }
        booked.addAll(cycle(io, 300).completedSwaps());
        List<SwapStationModel.ServedSwap> served = model.served();
        assertThat(served).hasSizeGreaterThan(10);
        assertThat(booked).extracting(SwapObservation::truckId, SwapObservation::completedAt)
                .containsExactlyElementsOf(served.stream()
                        .map(s -> tuple(s.truckId(), s.completedAt())).toList());
        assertThat(booked.get(0).socOut()).isCloseTo(served.get(0).socOut(), within(6e-4));
        assertThat(io.activeAlarms()).isEmpty();
    }

    @Test
    void anOverrunRingRaisesAnAlarmCountingTheLostSwaps() {
        ModbusStationIo io = io(4);
        cycle(io, 300); // first contact: the cursor starts at the PLC's sequence 0
        for (int minute = 0; minute < 14 * 60; minute++) { // setpoints go on, but no reads for 14 h
            io.apply(allAt(300));
            advance(MINUTE);
        }
        long written = rig.plc().sequence();
        assertThat(written).isGreaterThan(6);
        StationIo.Image image = cycle(io, 300);
        assertThat(image.completedSwaps()).hasSize(4);
        assertThat(alarm(io, "station.plc.swaps-lost")).get().extracting(Alarm::message).asString()
                .startsWith((written - 4) + " swap(s) lost").contains("sequence 1.." + (written - 4));
        advance(MINUTE);
        cycle(io, 300);
        assertThat(alarm(io, "station.plc.swaps-lost")).as("kept for a day, not counted again").get()
                .extracting(Alarm::message).asString().startsWith((written - 4) + " swap(s) lost");
    }

    @Test
    void aPlcWhoseCountStartsAgainIsFollowedAndItsNewSwapsAreBooked() {
        ModbusStationIo io = io(16);
        List<SwapObservation> booked = new ArrayList<>();
        for (int minute = 0; minute < 10 * 60; minute++) {
            booked.addAll(cycle(io, 300).completedSwaps());
            advance(MINUTE);
        }
        booked.addAll(cycle(io, 300).completedSwaps());
        long before = rig.plc().sequence();
        assertThat(before).isGreaterThan(3);
        rig.plc().resetSequence(); // the PLC program is reloaded
        while (rig.plc().sequence() < 2) {
            advance(MINUTE);
        }
        booked.addAll(cycle(io, 300).completedSwaps());
        assertThat(alarm(io, "station.plc.sequence")).get().extracting(Alarm::message).asString()
                .contains("holding register 5 (last swap sequence) went back from " + before + " to");
        for (int minute = 0; minute < 60; minute++) {
            advance(MINUTE);
            booked.addAll(cycle(io, 300).completedSwaps());
        }
        assertThat(booked).extracting(SwapObservation::truckId, SwapObservation::completedAt)
                .containsExactlyElementsOf(model.served().stream()
                        .map(s -> tuple(s.truckId(), s.completedAt())).toList());
        assertThat(alarm(io, "station.plc.swaps-lost")).isEmpty();
    }

    @Test
    void aSilentPlcHoldsEveryChargerAtZeroAndRaisesAnAlarmUntilItAnswers() {
        ModbusStationIo io = io(16);
        model.setPackSoc(0, 0.3);
        cycle(io, 300);
        advance(MINUTE);
        assertThat(model.gridKw()).isPositive();
        rig.plcServer().setSilent(StationRig.PLC_UNIT, true);
        StationIo.Image image = cycle(io, 300);
        assertThat(io.imageValid()).isFalse();
        assertThat(image.slots()).hasSize(8).allMatch(s -> s.charger() == ChargerStatus.UNKNOWN && s.pack().isEmpty());
        assertThat(alarm(io, "station.plc.offline")).get().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Alarm.Severity.CRITICAL);
            assertThat(a.message()).contains("tcp://127.0.0.1:" + rig.plcPort()).contains("0 kW");
        });
        // the PLC's side of the safe state: edgetally's watchdog stops, the PLC falls back after 3 min
        for (int i = 0; i < 4; i++) {
            advance(MINUTE);
            cycle(io, 300);
        }
        advance(MINUTE);
        assertThat(rig.plc().fellBack()).isTrue();
        assertThat(model.gridKw()).isZero();

        rig.plcServer().setSilent(StationRig.PLC_UNIT, false);
        advance(MINUTE); // past the link's backoff
        cycle(io, 300);
        assertThat(io.imageValid()).isTrue();
        assertThat(alarm(io, "station.plc.offline")).isEmpty();
        advance(MINUTE);
        assertThat(rig.plc().fellBack()).isFalse();
        assertThat(model.gridKw()).isPositive();
    }

    @Test
    void aFrozenHeartbeatIsTheSafeStateToo() {
        ModbusStationIo io = io(16);
        cycle(io, 300);
        assertThat(rig.plc().setpointKw(0)).isEqualTo(300);
        rig.plc().freezeHeartbeat(true);
        advance(MINUTE);
        cycle(io, 300);
        assertThat(io.imageValid()).isFalse();
        assertThat(alarm(io, "station.plc.heartbeat")).get().extracting(Alarm::message).asString()
                .contains("holding register 2 (heartbeat) stuck");
        for (int i = 0; i < 8; i++) {
            assertThat(rig.plc().setpointKw(i)).as("slot %d", i).isZero();
        }
        rig.plc().freezeHeartbeat(false);
        advance(MINUTE);
        cycle(io, 300);
        assertThat(io.imageValid()).isTrue();
        assertThat(alarm(io, "station.plc.heartbeat")).isEmpty();
        assertThat(rig.plc().setpointKw(0)).isEqualTo(300);
    }

    @Test
    void aBadValueTakesItsSlotOfflineAndNamesTheRegister() {
        ModbusStationIo io = io(16);
        cycle(io, 300);
        int soc = StationPlcMap.slotAddress(2, StationPlcMap.SLOT_SOC);
        int status = StationPlcMap.slotAddress(5, StationPlcMap.SLOT_STATUS);
        rig.plc().poke(soc, 1234);
        rig.plc().poke(status, 9);
        rig.plc().poke(StationPlcMap.slotAddress(6, StationPlcMap.SLOT_TEMPERATURE), StationPlcMap.TEMPERATURE_INVALID);
        rig.plc().poke(StationPlcMap.slotAddress(7, StationPlcMap.SLOT_BMS_FAULT), 17);
        StationIo.Image image = io.read();
        assertThat(io.imageValid()).isTrue();
        assertThat(image.slots().get(2).charger()).isEqualTo(ChargerStatus.OFFLINE);
        assertThat(image.slots().get(2).pack()).isEmpty();
        assertThat(image.slots().get(5).charger()).isEqualTo(ChargerStatus.OFFLINE);
        assertThat(image.slots().get(6).pack().orElseThrow().temperature()).isInstanceOf(TemperatureReading.Invalid.class);
        assertThat(image.slots().get(7).charger()).isEqualTo(ChargerStatus.FAULT);
        assertThat(image.slots().get(0).charger()).isEqualTo(ChargerStatus.OK);
        assertThat(alarm(io, "station.plc.bad-value")).get().extracting(Alarm::message).asString()
                .contains("holding register " + soc + " (slot 2): pack SOC is 1234 (0.1 %), expected 0..1000")
                .contains("holding register " + status + " (slot 5 charger status) is 9, expected 1 ready, 2 fault");
        assertThat(alarm(io, "station.plc.bms-fault")).get().extracting(Alarm::message).asString()
                .contains("slot 7 pack S08 code 17");

        rig.plc().poke(StationPlcMap.SLOT_COUNT, 7);
        io.read();
        assertThat(io.imageValid()).isFalse();
        assertThat(alarm(io, "station.plc.map")).get().extracting(Alarm::message).asString()
                .contains("holding register 1 (slot count) is 7, but station.slots in the configuration is 8");
        rig.plc().poke(StationPlcMap.SLOT_COUNT, 8);

        advance(MINUTE); // the PLC publishes good values again
        cycle(io, 300);
        assertThat(io.imageValid()).isTrue();
        assertThat(io.activeAlarms()).isEmpty();
    }
}
