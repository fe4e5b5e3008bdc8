package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.meter.ChintDdsu666;
import io.edgetally.io.meter.ChintDtsu666;
import io.edgetally.io.meter.EastronSdm120;
import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.MeterRegisterMap;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.RegisterBlock;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The firmware's Modbus meter driver against the simulated meters, over real sockets on loopback. */
class ModbusMeterOverLoopbackTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T06:00:00Z"));
    private final AtomicReference<Double> importKwh = new AtomicReference<>(1234.5);
    private final AtomicReference<Double> powerW = new AtomicReference<>(4200.0);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private SimModbusMeterServer server(SimModbusMeterServer.Model model, long serial) {
        SimModbusMeterServer server = new SimModbusMeterServer(model, 1, serial, importKwh::get, powerW::get);
        toClose.add(server);
        server.start(0);
        return server;
    }

    private ModbusEnergyMeter meter(MeterRegisterMap map, int port, int unitId) {
        // generous for answers on a loaded CI machine; only the silent-meter test waits it out
        return meter(map, port, unitId, Duration.ofSeconds(2));
    }

    private ModbusEnergyMeter meter(MeterRegisterMap map, int port, int unitId, Duration responseTimeout) {
        TcpSettings settings = new TcpSettings("127.0.0.1", port, Duration.ofSeconds(2), responseTimeout);
        ModbusClient client = new ModbusClient(new TcpModbusTransport(settings),
                new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8)), clock);
        ModbusEnergyMeter meter = new ModbusEnergyMeter(map, client, unitId, clock);
        toClose.add(meter);
        return meter;
    }

    @Test
    void readsImportEnergyPowerAndSerialOfAnSdm630InOneRequestPerRead() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 20240117L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1);

        MeterReading first = meter.read();
        assertThat(first).isEqualTo(new MeterReading.Ok("SDM630:20240117", 1234.5, 4200.0, clock.instant()));

        long before = server.requestsAnswered();
        importKwh.set(1240.25);
        clock.advance(Duration.ofSeconds(10));
        MeterReading second = meter.read();
        assertThat(second).isEqualTo(new MeterReading.Ok("SDM630:20240117", 1240.25, 4200.0, clock.instant()));
        assertThat(server.requestsAnswered() - before).as("requests for one read on an open connection").isEqualTo(1);
        assertThat(meter.requestsPerRead()).isEqualTo(1);
    }

    @Test
    void aStrictMeterThatRefusesTheRequestFromPowerToEnergyIsReadFieldByFieldAndTheSplitIsKept() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 20240117L);
        server.setStrict(true);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1);
        assertThat(meter.requestsPerRead()).as("planned: power and energy in one request").isEqualTo(1);

        // the spanning request is refused with exception 2; the same read gets both fields on their own
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM630:20240117", 1234.5, 4200.0, clock.instant()));
        assertThat(meter.refusedBlocks()).containsExactly(new RegisterBlock(1, RegisterKind.INPUT, 0x0034, 22));
        assertThat(meter.requestsPerRead()).isEqualTo(2);
        assertThat(meter.describe()).contains("SDM630 @ tcp://127.0.0.1:" + server.port() + " unit 1",
                "read in 2 requests per read", "refused input registers 0x0034..0x0049 in one request with exception 2",
                "until the service restarts");

        // remembered: the next read sends the two field requests only (the server counts exception answers too)
        long before = server.requestsAnswered();
        importKwh.set(1240.25);
        clock.advance(Duration.ofSeconds(10));
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM630:20240117", 1240.25, 4200.0, clock.instant()));
        assertThat(server.requestsAnswered() - before).isEqualTo(2);

        // a lenient meter on the same map is still read in one request
        SimModbusMeterServer lenient = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter other = meter(EastronSdm630.MAP, lenient.port(), 1);
        assertThat(other.read()).isInstanceOf(MeterReading.Ok.class);
        assertThat(other.requestsPerRead()).isEqualTo(1);
        assertThat(other.refusedBlocks()).isEmpty();
    }

    @Test
    void exception2ForASingleFieldIsAFailedReadNotASplit() {
        // a DTSU666's register map pointed at an SDM630: each of its blocks is one field, at addresses it lacks
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter meter = meter(ChintDtsu666.MAP, server.port(), 1);
        int planned = meter.requestsPerRead();

        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class, f -> assertThat(f.reason())
                .contains("tcp://127.0.0.1:" + server.port(), "unit 1", "exception code 2"));
        assertThat(meter.refusedBlocks()).isEmpty();
        assertThat(meter.requestsPerRead()).isEqualTo(planned);
    }

    @Test
    void readsAnSdm120() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM120, 99L);
        ModbusEnergyMeter meter = meter(EastronSdm120.MAP, server.port(), 1);
        powerW.set(1500.0);

        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM120:99", 1234.5, 1500.0, clock.instant()));
        assertThat(meter.requestsPerRead()).isEqualTo(1);
    }

    @Test
    void readsAChintDdsu666InTwoRequestsWithPowerFromKilowatts() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.DDSU666, 1L);
        ModbusEnergyMeter meter = meter(ChintDdsu666.MAP, server.port(), 1);
        powerW.set(2500.0);

        long before = server.requestsAnswered();
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("DDSU666:tcp://127.0.0.1:" + server.port() + "#1",
                1234.5, 2500.0, clock.instant()));
        assertThat(server.requestsAnswered() - before).isEqualTo(2);
    }

    @Test
    void readsAChintDtsu666InTwoRequestsWithPowerFromTenthsOfAWattAndExportAsNegativePower() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.DTSU666, 1L);
        ModbusEnergyMeter meter = meter(ChintDtsu666.MAP, server.port(), 1);
        String id = "DTSU666:tcp://127.0.0.1:" + server.port() + "#1";
        importKwh.set(18234.5);
        powerW.set(48200.0);

        long before = server.requestsAnswered();
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok(id, 18234.5, 48200.0, clock.instant()));
        assertThat(server.requestsAnswered() - before).isEqualTo(2);

        powerW.set(-3500.0); // a site exporting: the DTSU666 signs Pt
        clock.advance(Duration.ofSeconds(10));
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok(id, 18234.5, -3500.0, clock.instant()));
    }

    @Test
    void aMeterThatStopsAnsweringGivesFailedReadsBacksOffAndRecovers() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 7L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1, Duration.ofMillis(300));
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);

        server.setFault(SimModbusMeterServer.Fault.SILENT);
        MeterReading silent = meter.read();
        assertThat(silent).isInstanceOfSatisfying(MeterReading.Failed.class, f -> {
            assertThat(f.meterId()).isEqualTo("SDM630:7");
            assertThat(f.reason()).contains("tcp://127.0.0.1:" + server.port(), "unit 1", "input registers 0x0034",
                    "no answer within 300 ms");
        });

        // within the 1 s backoff nothing is sent
        server.setFault(SimModbusMeterServer.Fault.NONE);
        long answeredBefore = server.requestsAnswered();
        clock.advance(Duration.ofMillis(900));
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("not sent", "next try at 2026-03-01T06:00:01Z"));
        assertThat(server.requestsAnswered()).isEqualTo(answeredBefore);

        // second silent failure doubles the wait to 2 s
        server.setFault(SimModbusMeterServer.Fault.SILENT);
        clock.advance(Duration.ofMillis(100));
        assertThat(meter.read()).isInstanceOf(MeterReading.Failed.class);
        server.setFault(SimModbusMeterServer.Fault.NONE);
        clock.advance(Duration.ofMillis(1999));
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("not sent", "2 time(s)"));

        clock.advance(Duration.ofMillis(1));
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM630:7", 1234.5, 4200.0, clock.instant()));
    }

    @Test
    void aServerRestartIsBridgedAndAReplacedMeterIsSeenOnTheNextConnection() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 1111L);
        int port = server.port();
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, port, 1);
        assertThat(meter.read().meterId()).isEqualTo("SDM630:1111");

        server.close();
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("cannot connect", "tcp://127.0.0.1:" + port));

        server.setSerialNumber(2222L);
        importKwh.set(0.5);
        assertThat(server.start()).isEqualTo(port);
        clock.advance(Duration.ofSeconds(1));
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok("SDM630:2222", 0.5, 4200.0, clock.instant()));
    }

    @Test
    void aKeptConnectionDroppedByTheServerIsReopenedWithoutAFailedRead() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1);
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);

        server.close();
        server.start();
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);
    }

    @Test
    void exceptionAnswersFailTheReadWithoutBackingOff() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1);
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);

        server.setFault(SimModbusMeterServer.Fault.EXCEPTION);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("exception code 4", "unit 1"));
        server.setFault(SimModbusMeterServer.Fault.NONE);
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);
    }

    @Test
    void impossibleValuesAreFailedReadsNamingTheRegister() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 1);

        importKwh.set(Double.NaN);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class, f -> assertThat(f.reason())
                .contains("tcp://127.0.0.1:" + server.port(), "unit 1", "input register 0x0048 (import kWh)", "NaN"));
        importKwh.set(-3.0);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("0x0048", "-3.0"));
        importKwh.set(Double.POSITIVE_INFINITY);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("0x0048", "Infinity"));
        importKwh.set(10.0);
        powerW.set(Double.NaN);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("input register 0x0034 (total system power W)", "NaN"));
    }

    @Test
    void aUnitIdNobodyHasIsAFailedRead() {
        SimModbusMeterServer server = server(SimModbusMeterServer.Model.SDM630, 5L);
        ModbusEnergyMeter meter = meter(EastronSdm630.MAP, server.port(), 7);

        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("unit 7", "exception code 11"));
    }

    @Test
    void severalServersInOneJvmAnswerIndependently() {
        SimModbusMeterServer a = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1, 100L, () -> 1.0,
                () -> 10.0);
        SimModbusMeterServer b = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM120, 1, 200L, () -> 2.0,
                () -> 20.0);
        toClose.add(a);
        toClose.add(b);
        int portA = a.start(0);
        int portB = b.start(0);
        assertThat(portA).isNotEqualTo(portB);

        assertThat(meter(EastronSdm630.MAP, portA, 1).read())
                .isEqualTo(new MeterReading.Ok("SDM630:100", 1.0, 10.0, clock.instant()));
        assertThat(meter(EastronSdm120.MAP, portB, 1).read())
                .isEqualTo(new MeterReading.Ok("SDM120:200", 2.0, 20.0, clock.instant()));

        a.close();
        assertThat(meter(EastronSdm120.MAP, portB, 1).read()).isInstanceOf(MeterReading.Ok.class);
    }
}
