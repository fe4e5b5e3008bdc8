package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.config.IoConfig;
import io.edgetally.io.meter.AcrelDjsf1352;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.io.wiring.Meters;
import io.edgetally.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Acrel DJSF1352 DC meter map against the simulated DC meter, over real sockets on loopback. */
class AcrelDcMeterOverLoopbackTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));
    private final AtomicReference<Double> importKwh = new AtomicReference<>(1234.5);
    private final AtomicReference<Double> powerW = new AtomicReference<>(287_400.0);
    private SimModbusMeterServer server;
    private ModbusEnergyMeter meter;
    private String id;

    @BeforeEach
    void start() {
        server = new SimModbusMeterServer(SimModbusMeterServer.Model.DJSF1352, 1, 1L, importKwh::get, powerW::get);
        int port = server.start(0);
        TcpSettings settings = new TcpSettings("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2));
        meter = new ModbusEnergyMeter(AcrelDjsf1352.MAP, new ModbusClient(new TcpModbusTransport(settings),
                BackoffPolicy.DEFAULT, clock), 1, clock);
        id = "DJSF1352:tcp://127.0.0.1:" + port + "#1";
    }

    @AfterEach
    void stop() {
        meter.close();
        server.close();
    }

    @Test
    void readsWattHoursAsKwhAndPowerScaledByItsDecimalPointInOneRequest() {
        long before = server.requestsAnswered();
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok(id, 1234.5, 287_400.0, clock.instant()));
        assertThat(meter.requestsPerRead()).isEqualTo(1);
        assertThat(server.requestsAnswered() - before).isEqualTo(1);

        importKwh.set(0.009); // 9 Wh: divided, not multiplied by 0.001, so exactly 0.009 kWh
        powerW.set(4249.0); // DP 5: the register counts 100 W
        clock.advance(Duration.ofSeconds(10));
        assertThat(meter.read()).isEqualTo(new MeterReading.Ok(id, 0.009, 4200.0, clock.instant()));
    }

    @Test
    void powerIsSignedAndFollowsADecimalPointTheMeterChanges() {
        powerW.set(-3500.0); // reverse flow, e.g. a charger feeding back
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Ok.class,
                ok -> assertThat(ok.powerW()).isEqualTo(-3500.0));

        server.setPowerDecimalPoint(4); // the register now counts 10 W
        powerW.set(12_340.0);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Ok.class,
                ok -> assertThat(ok.powerW()).isEqualTo(12_340.0));
    }

    @Test
    void aDecimalPointNoMeterWouldSetFailsTheReadNamingBothRegisters() {
        server.setPowerDecimalPoint(0xFFFF);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class, f -> {
            assertThat(f.meterId()).isEqualTo(id);
            assertThat(f.reason()).contains("tcp://127.0.0.1:" + server.port(), "unit 1",
                    "holding register 0x0009 (power decimal point DP)", "decimal point 65535 out of range",
                    "expected 0..6", "holding register 0x0008 (power W x 10^(DP-3)) cannot be scaled");
        });
        server.setPowerDecimalPoint(7);
        assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                f -> assertThat(f.reason()).contains("decimal point 7 out of range"));
        server.setPowerDecimalPoint(5);
        assertThat(meter.read()).isInstanceOf(MeterReading.Ok.class);
    }

    @Test
    void theConfigModelNameWiresThisMap() {
        IoConfig.MeterConfig config = new IoConfig.MeterConfig("charger-0-dc", "djsf1352",
                new IoConfig.MeterLink.Tcp("127.0.0.1", server.port()), 1, 400);
        try (ModbusLinks links = new ModbusLinks(clock);
             EnergyMeter dc = Meters.open(config, links, Optional.empty(), Path.of("."), clock)) {
            assertThat(dc.describe()).isEqualTo("DJSF1352 @ tcp://127.0.0.1:" + server.port() + " unit 1");
            assertThat(dc.read()).isEqualTo(new MeterReading.Ok(id, 1234.5, 287_400.0, clock.instant()));
        }
    }
}
