package io.edgetally.sim.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.config.BarnConfig;
import io.edgetally.sim.barn.BarnState;
import io.edgetally.sim.report.CureAnalysis;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 2's acceptance, measured on a whole cure: the real controller, configured from a real config file,
 * drives the simulated barn through Pi4J pins, 1-Wire files and a Modbus TCP meter, 4,000 kg of middle leaves.
 */
class FullCureTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BarnConfig.Heating.class)
    void aMiddleLeafCureMeetsTheFieldFigures(BarnConfig.Heating heating) throws Exception {
        SimulatedBarn.Options o = new SimulatedBarn.Options(dir, heating, "middle-leaf", Duration.ofSeconds(15), 1,
                false, false, Database.Durability.NORMAL);
        try (SimulatedBarn sim = new SimulatedBarn(o).start()) {
            while (!sim.site().complete() && sim.barnHours() < 200) {
                sim.step();
            }
            assertThat(sim.site().complete()).as("cure complete").isTrue();
            assertThat(sim.barnHours()).isBetween(130.0, 160.0);

            List<CureAnalysis.Sample> samples = CureAnalysis.load(sim.database(), sim.site().batchId());
            CureAnalysis.Result r = CureAnalysis.analyse(samples, i -> sim.schedule().step(i).stage().fileName());
            if (heating == BarnConfig.Heating.HEAT_PUMP) {
                assertThat(r.energyKwh()).as("heat-pump kWh from the meter register").isBetween(900.0, 1300.0);
            } else {
                assertThat(r.energyKwh()).as("resistive kWh from the meter register").isBetween(3000.0, 3800.0);
            }
            assertThat(r.dryRmsC()).as("dry-bulb RMS error outside ramps").isLessThanOrEqualTo(1.0);
            assertThat(r.wetRmsC()).as("wet-bulb RMS error outside ramps").isLessThanOrEqualTo(1.0);
            assertThat(r.holdSamples()).as("samples the RMS is judged over").isGreaterThan(3000);
            // never near the software over-temperature limit (the last step's 68 °C target + 5 °C)
            assertThat(r.maxDryC()).isLessThan(73.0);

            BarnState truth = sim.barn().trueState();
            Map<String, Double> byStage = truth.waterRemovedKgByStage();
            double removed = truth.waterRemovedKg();
            assertThat(100 * byStage.get("yellowing") / removed).isCloseTo(48.0, org.assertj.core.data.Offset.offset(8.0));
            assertThat(100 * byStage.get("colour-fixing") / removed)
                    .isCloseTo(42.0, org.assertj.core.data.Offset.offset(8.0));
            assertThat(100 * byStage.get("stem-drying") / removed).isCloseTo(10.0, org.assertj.core.data.Offset.offset(8.0));
            assertThat(sim.site().activeAlarms()).as("a healthy barn cures without alarms").isEmpty();
        }
    }
}
