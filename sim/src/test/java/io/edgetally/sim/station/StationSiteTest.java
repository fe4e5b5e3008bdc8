package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.io.meter.AcrelDjsf1352;
import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterRegisterMap;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.io.SimModbusMeterServer;
import io.edgetally.station.StationRequest;
import io.edgetally.station.StationSite;
import io.edgetally.station.StationStatus;
import io.edgetally.station.SwapStore;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationController;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.status.ActionResult;
import io.edgetally.status.DeviceStatus;
import io.edgetally.status.Operator;
import io.edgetally.store.Database;
import io.edgetally.tally.RecordingTally;
import io.edgetally.testkit.ManualClock;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's run-time loop against the simulated station, through its Modbus meters. */
class StationSiteTest {

    @TempDir
    Path dir;

    private record Rigged(StationRig rig, StationSite site, StationController controller, ManualClock clock,
                          List<EnergyMeter> meters, Database db) implements AutoCloseable {

        void run(Duration d) {
            for (long m = 0; m < d.toMinutes(); m++) {
                site.cycle();
                rig.advance(Duration.ofMinutes(1));
                clock.advance(Duration.ofMinutes(1));
            }
        }

        @Override
        public void close() {
            site.close();
            meters.forEach(EnergyMeter::close);
            rig.close();
            db.close();
        }
    }

    private Rigged rigged() {
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 5);
        StationRig rig = new StationRig(s.model());
        rig.startMeters();
        ManualClock clock = new ManualClock(s.start());
        List<EnergyMeter> meters = new ArrayList<>();
        meters.add(meter(EastronSdm630.MAP, rig.gridMeterPort(), clock));
        for (int i = 0; i < 8; i++) {
            meters.add(meter(AcrelDjsf1352.MAP, rig.dcMeterPort(i), clock));
        }
        Database db = Database.open(dir.resolve("station.db"), Database.Durability.NORMAL);
        AlarmBook alarms = new AlarmBook(); // one book for the site: the controller's alarms are the site's
        StationController controller = new StationController(s.controllerConfig(), 0.0, YearMonth.from(
                s.start().atZone(s.controllerConfig().tariff().zone())), Optional.empty(), alarms);
        StationSite site = new StationSite(clock, rig, meters.get(0), meters.subList(1, 9), controller,
                new SwapStore(db), alarms, new RecordingTally(new DeviceStatus("offline", 0, true,
                JsonValue.JsonObject.builder().build())));
        return new Rigged(rig, site, controller, clock, meters, db);
    }

    @Test
    void aChargerWhoseDcMeterFailsGetsNoPowerAndRaisesAnAlarmUntilItAnswersAgain() {
        try (Rigged r = rigged()) {
            r.run(Duration.ofHours(9)); // into the morning wave: every charger busy
            r.rig().dcMeter(3).setFault(SimModbusMeterServer.Fault.EXCEPTION);
            StationCommand c = r.site().cycle();
            assertThat(c.setpoints().get(3).powerKw()).isZero();
            assertThat(r.controller().activeAlarms()).extracting(Alarm::code).contains("station.charger.3.fault");
            r.rig().advance(Duration.ofMinutes(1));
            r.clock().advance(Duration.ofMinutes(1));
            r.rig().dcMeter(3).setFault(SimModbusMeterServer.Fault.NONE);
            r.run(Duration.ofMinutes(2));
            assertThat(r.controller().activeAlarms()).extracting(Alarm::code).doesNotContain("station.charger.3.fault");
            assertThat(r.rig().model().capViolations()).isZero();
        }
    }

    @Test
    void anAcknowledgementIsRecordedByTheNextCycleAndGoesWithItsAlarm() {
        try (Rigged r = rigged()) {
            r.run(Duration.ofHours(9));
            String code = "station.charger.3.fault";
            assertThat(r.site().handle(new StationRequest.AcknowledgeAlarm(code, "op-anna")))
                    .as("not active yet").isInstanceOfSatisfying(ActionResult.Refused.class,
                            f -> assertThat(f.reason()).isEqualTo(ActionResult.Reason.NOT_FOUND));
            r.rig().dcMeter(3).setFault(SimModbusMeterServer.Fault.EXCEPTION);
            r.run(Duration.ofMinutes(1));
            assertThat(r.site().image().alarms()).extracting(Alarm::code).contains(code);

            assertThat(r.site().handle(new StationRequest.AcknowledgeAlarm(code, "op-anna")))
                    .isInstanceOf(ActionResult.Done.class);
            assertThat(r.site().image().acknowledgedBy()).as("queued, not yet recorded").isEmpty();
            r.run(Duration.ofMinutes(1));
            assertThat(r.site().image().acknowledgedBy()).containsEntry(code, "op-anna");

            r.rig().dcMeter(3).setFault(SimModbusMeterServer.Fault.NONE);
            r.run(Duration.ofMinutes(2));
            assertThat(r.site().image().alarms()).extracting(Alarm::code).doesNotContain(code);
            assertThat(r.site().image().acknowledgedBy()).as("cleared with its alarm").doesNotContainKey(code);
        }
    }

    @Test
    void anExternalCapLoweredMidDayIsObeyedFromTheNextCycle() {
        try (Rigged r = rigged()) {
            r.run(Duration.ofHours(6));
            for (int m = 0; m < 18 * 60 && r.site().gridKw() < 500; m++) {
                r.run(Duration.ofMinutes(1)); // on to a moment the station draws a lot
            }
            double before = r.site().gridKw();
            assertThat(before).as("a busy moment").isGreaterThanOrEqualTo(500);
            double cap = before / 2;
            r.site().handle(new StationRequest.SetPowerCap(Optional.of(BigDecimal.valueOf(cap)), "grid operator"));
            r.rig().model().setExternalCapKw(OptionalDouble.of(cap)); // the model counts violations against it too
            StationCommand c = r.site().cycle();
            assertThat(c.totalKw()).isLessThanOrEqualTo(cap).isGreaterThan(0);
            r.rig().advance(Duration.ofMinutes(1));
            r.clock().advance(Duration.ofMinutes(1));
            r.run(Duration.ofHours(1));
            assertThat(r.rig().model().capViolations()).isZero();
            assertThat(r.rig().model().worstCapExcessKw()).isZero();
        }
    }

    @Test
    void theOperatorsCapThroughTheStatusEndpointIsObeyedAndShown() {
        try (Rigged r = rigged()) {
            StationStatus status = new StationStatus(r.site(), StationControllerConfig.defaults(), "demo-yibin",
                    "station-01", "test", "Eastron SDM630", r.clock());
            r.site().addListener(status);
            r.run(Duration.ofHours(8));
            Operator anna = new Operator("op-anna", new InetSocketAddress("127.0.0.1", 5684), r.clock().instant());
            // the wire form refuses a negative cap before it reaches the station; the station checks its own range
            assertThat(r.site().handle(new StationRequest.SetPowerCap(Optional.of(new BigDecimal("-1")),
                    anna.identity()))).isInstanceOf(ActionResult.Refused.class);
            assertThat(status.perform(new OperatorRequest.SetPowerCap(Optional.of(new BigDecimal("250"))), anna))
                    .isInstanceOf(ActionResult.Done.class);
            StationCommand c = r.site().cycle();
            assertThat(c.totalKw()).isLessThanOrEqualTo(250);
            JsonValue.JsonObject station = status.site();
            assertThat(station.object("power").decimal("externalCapKw")).isEqualByComparingTo("250");
            assertThat(station.object("power").decimal("totalKw").doubleValue()).isLessThanOrEqualTo(250);
            assertThat(((JsonValue.JsonArray) station.require("chargers")).items()).hasSize(8);
            JsonValue.JsonObject grid = (JsonValue.JsonObject) status.meters().array("meters").items().get(0);
            assertThat(grid.string("id")).isEqualTo("grid");
            assertThat(grid.string("model")).as("maker and model, as docs/coap.md shows").isEqualTo("Eastron SDM630");
            assertThat(grid.string("meterId")).isEqualTo("SDM630:" + StationRig.GRID_SERIAL);
            assertThat(status.status().string("kind")).isEqualTo("swap-station");
            assertThat(status.perform(new OperatorRequest.SetPowerCap(Optional.empty()), anna))
                    .isInstanceOf(ActionResult.Done.class);
            r.site().cycle(); // a request is queued: the next cycle obeys it
            assertThat(r.site().externalCapKw()).isEmpty();
        }
    }

    private static EnergyMeter meter(MeterRegisterMap map, int port, ManualClock clock) {
        return new ModbusEnergyMeter(map, new ModbusClient(new TcpModbusTransport(
                new TcpSettings("127.0.0.1", port)), BackoffPolicy.DEFAULT, clock), 1, clock);
    }
}
