package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgetally.io.meter.AcrelDjsf1352;
import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.MeterRegisterMap;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.io.plc.StationIo;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StationRigTest {

    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    @Test
    void modbusMetersReadWhatTheModelCounts() {
        StationScenario s = StationScenario.yibin(DAY, 1, 11);
        ManualClock clock = new ManualClock(s.start());
        try (StationRig rig = new StationRig(s.model())) {
            rig.startMeters();
            ModbusEnergyMeter grid = meter(EastronSdm630.MAP, rig.gridMeterPort(), clock);
            List<ModbusEnergyMeter> dc = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> meter(AcrelDjsf1352.MAP, rig.dcMeterPort(i), clock)).toList();
            NaivePolicy naive = new NaivePolicy(s.controllerConfig());
            // to noon: the night, then the morning wave; packs come and go, every charger runs
            for (int minute = 0; minute < 12 * 60; minute++) {
                StationCommand c = naive.step(rig.model().snapshot(), clock.instant());
                rig.apply(c.setpoints());
                rig.advance(Duration.ofMinutes(1));
                clock.advance(Duration.ofMinutes(1));
            }
            SwapStationModel model = rig.model();
            assertThat(model.gridImportKwh()).as("the station drew energy").isGreaterThan(1000);
            MeterReading.Ok g = (MeterReading.Ok) grid.read();
            // float32 registers: a few hundredths of a kWh at these counts
            assertThat(g.importKwh()).isCloseTo(model.gridImportKwh(), offset(0.05));
            assertThat(g.meterId()).isEqualTo("SDM630:" + StationRig.GRID_SERIAL);
            assertThat(g.powerW() / 1000).isCloseTo(model.gridKw(), offset(1.0));
            double dcSum = 0;
            for (int i = 0; i < 8; i++) {
                MeterReading.Ok d = (MeterReading.Ok) dc.get(i).read();
                // whole Wh in a uint32: the register runs at most 1 Wh behind the model
                assertThat(d.importKwh()).as("DC meter of charger %d", i)
                        .isCloseTo(model.chargerDcKwh(i), offset(0.002));
                assertThat(d.meterId()).isEqualTo("DJSF1352:tcp://127.0.0.1:" + rig.dcMeterPort(i) + "#1");
                dcSum += d.importKwh();
            }
            StationControllerConfig c = s.controllerConfig();
            // what the chargers delivered is what the grid gave them, less the charger's loss
            assertThat(dcSum).isCloseTo(model.gridImportKwh() * c.chargerEfficiency(), offset(0.5));
            grid.close();
            dc.forEach(ModbusEnergyMeter::close);
        }
    }

    @Test
    void plcImageShowsTheModelsSlotsQueueAndSwaps() {
        StationScenario s = StationScenario.yibin(DAY, 1, 11);
        try (StationRig rig = new StationRig(s.model())) {
            int swaps = 0;
            for (int minute = 0; minute < 10 * 60; minute++) {
                StationIo.Image image = rig.read();
                assertThat(image.slots()).hasSize(8);
                swaps += image.completedSwaps().size();
                rig.apply(new NaivePolicy(s.controllerConfig()).step(rig.model().snapshot(), rig.model().now())
                        .setpoints());
                rig.advance(Duration.ofMinutes(1));
            }
            assertThat(swaps).isEqualTo(rig.model().served().size()).isPositive();
            assertThat(Instant.from(rig.model().now())).isEqualTo(s.start().plus(Duration.ofHours(10)));
        }
    }

    private static ModbusEnergyMeter meter(MeterRegisterMap map, int port, ManualClock clock) {
        return new ModbusEnergyMeter(map, new ModbusClient(new TcpModbusTransport(
                new TcpSettings("127.0.0.1", port)), BackoffPolicy.DEFAULT, clock), 1, clock);
    }
}
