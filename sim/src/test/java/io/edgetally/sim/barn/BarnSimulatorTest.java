package io.edgetally.sim.barn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgetally.barn.curing.BarnOutputs;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BarnSimulatorTest {

    private static final BarnParameters DEFAULTS = BarnParameters.defaults();

    private static void run(BarnSimulator barn, Duration time, Actuation actuation) {
        for (long s = 0; s < time.toSeconds(); s += 20) {
            barn.step(Duration.ofSeconds(20), actuation);
        }
    }

    private static double celsius(TemperatureReading reading) {
        return ((TemperatureReading.Valid) reading).celsius();
    }

    @Test
    void aFreshlyLoadedClosedBarnTurnsHumidFromTheLeafWater() {
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        double outsideRh = barn.trueState().relativeHumidity();
        run(barn, Duration.ofHours(3), new Actuation(0, false, 0.0, FanSpeed.HIGH));

        BarnState state = barn.trueState();
        assertThat(outsideRh).isBetween(0.70, 0.85);
        assertThat(state.relativeHumidity()).isGreaterThan(0.93);
        assertThat(state.waterRemovedKg()).isPositive();
        assertThat(state.dryBulbCelsius()).as("no heat: near ambient").isBetween(24.0, 32.0);
    }

    @Test
    void theSameSeedGivesTheSameBarnAndAnotherSeedOtherWeather() {
        BarnSimulator a = new BarnSimulator(DEFAULTS);
        BarnSimulator b = new BarnSimulator(DEFAULTS);
        BarnSimulator c = new BarnSimulator(DEFAULTS.withSeed(99));
        Actuation heat = new Actuation(2, false, 0.2, FanSpeed.HIGH);
        run(a, Duration.ofHours(30), heat);
        run(b, Duration.ofHours(30), heat);
        run(c, Duration.ofHours(30), heat);

        assertThat(a.trueState()).isEqualTo(b.trueState());
        assertThat(a.readSensors()).isEqualTo(b.readSensors());
        assertThat(c.trueState().ambientCelsius()).isNotEqualTo(a.trueState().ambientCelsius());
    }

    @Test
    void theSeasonsAirStaysInItsRangeWithADailyCycle() {
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        double min = 100.0;
        double max = -100.0;
        for (int hour = 0; hour < 24 * 7; hour++) {
            barn.step(Duration.ofHours(1), Actuation.ALL_OFF);
            BarnState state = barn.trueState();
            min = Math.min(min, state.ambientCelsius());
            max = Math.max(max, state.ambientCelsius());
            assertThat(state.ambientRelativeHumidity()).isBetween(0.70, 0.85);
        }
        assertThat(min).isBetween(21.0, 26.0);
        assertThat(max).isBetween(28.0, 33.0);
    }

    @Test
    void heatRaisesTheBarnAndTheMeterCountsHeaterFanAndControls() {
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        run(barn, Duration.ofHours(1), new Actuation(2, false, 0.0, FanSpeed.LOW));

        BarnState state = barn.trueState();
        assertThat(state.electricWatts()).isEqualTo(36_000.0 + 900.0 + 50.0);
        assertThat(state.importKwh()).isCloseTo(36.95, within(0.01));
        assertThat(state.dryBulbCelsius()).isGreaterThan(state.ambientCelsius() + 2.0);
        assertThat(state.heatingRoomCelsius()).as("low fan carries the heat away").isLessThan(state.dryBulbCelsius() + 20.0);
    }

    @Test
    void heatPumpDehumidifyModeCondensesLeafWaterWithTheDamperShut() {
        BarnParameters heatPump = DEFAULTS.withPlant(HeatingPlant.HeatPump.defaults());
        BarnSimulator vented = ReferenceCure.runUntilStep(heatPump, 4, 4.0);
        BarnSimulator dehumidified = ReferenceCure.runUntilStep(heatPump, 4, 4.0);

        run(vented, Duration.ofMinutes(30), new Actuation(0, false, 0.0, FanSpeed.HIGH));
        run(dehumidified, Duration.ofMinutes(30), new Actuation(0, true, 0.0, FanSpeed.HIGH));

        BarnState state = dehumidified.trueState();
        assertThat(state.condensingKgPerHour()).isGreaterThan(10.0);
        assertThat(state.electricWatts()).isEqualTo(16_000.0 + 2_200.0 + 50.0);
        assertThat(state.humidityRatio()).isLessThan(vented.trueState().humidityRatio() - 0.002);
    }

    @Test
    void theProbesLagTheAirAndTheWetBulbLagsLonger() {
        SensorModel probes = new SensorModel(new BarnParameters.Sensors(45.0, 180.0, 0.0, 0.0, 900.0), 1L, 40.0, 36.0);
        probes.setStatus(false, true, true, false);
        for (int i = 0; i < 12; i++) {
            probes.update(5.0, 50.0, 38.0, false);
        }
        // one minute after a step of +10 K dry and +2 K wet: 1 − e^(−60/45) and 1 − e^(−60/180) of the way
        assertThat(celsius(probes.dryBulb())).isCloseTo(40.0 + 10.0 * (1 - Math.exp(-60.0 / 45.0)), within(1e-6));
        assertThat(celsius(probes.wetBulb())).isCloseTo(36.0 + 2.0 * (1 - Math.exp(-60.0 / 180.0)), within(1e-6));
    }

    @Test
    void aBarnRestoredFromItsSnapshotGoesOnExactlyAsTheOneThatNeverStopped() {
        BarnSimulator whole = new BarnSimulator(DEFAULTS);
        Actuation heat = new Actuation(2, false, 0.2, FanSpeed.HIGH);
        for (int i = 0; i < 240; i++) {
            whole.step(Duration.ofSeconds(15), heat);
            whole.readSensors();
        }
        BarnSimulator restored = new BarnSimulator(DEFAULTS);
        restored.restore(whole.snapshot());
        for (int i = 0; i < 240; i++) {
            whole.step(Duration.ofSeconds(15), heat);
            restored.step(Duration.ofSeconds(15), heat);
            assertThat(restored.readSensors()).as("step %d after the restore: lags, wick and noise where they were", i)
                    .isEqualTo(whole.readSensors());
        }
        assertThat(restored.snapshot()).isEqualTo(whole.snapshot());
    }

    @Test
    void readingsCarrySeededNoiseAtTheProbesResolution() {
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        barn.step(Duration.ofMinutes(10), Actuation.ALL_OFF);
        double sum = 0.0;
        double sumSquares = 0.0;
        for (int i = 0; i < 400; i++) {
            double value = celsius(barn.readSensors().dryBulb());
            assertThat(value * 16.0).as("1/16 °C steps").isCloseTo(Math.rint(value * 16.0), within(1e-9));
            sum += value;
            sumSquares += value * value;
        }
        double mean = sum / 400;
        double sd = Math.sqrt(sumSquares / 400 - mean * mean);
        assertThat(mean).isCloseTo(barn.trueState().dryBulbCelsius(), within(0.05));
        assertThat(sd).isBetween(0.03, 0.08);
    }

    @Test
    void waterRemovedIsBookedUnderTheStageLabelThatWasSet() {
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        barn.setStageLabel("yellowing");
        run(barn, Duration.ofHours(5), new Actuation(2, false, 0.3, FanSpeed.HIGH));
        barn.setStageLabel("colour fixing");
        run(barn, Duration.ofHours(5), new Actuation(2, false, 0.3, FanSpeed.HIGH));
        barn.setStageLabel("yellowing");
        run(barn, Duration.ofHours(1), new Actuation(2, false, 0.3, FanSpeed.HIGH));

        BarnState state = barn.trueState();
        assertThat(state.waterRemovedKgByStage()).containsOnlyKeys("unlabelled", "yellowing", "colour fixing");
        double sum = state.waterRemovedKgByStage().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(state.waterRemovedKg(), within(1e-6));
        assertThat(state.waterRemovedKgByStage().get("yellowing")).isPositive();
        assertThat(state.leafWaterKg() + state.waterRemovedKg()).isCloseTo(3360.0, within(1e-6));
    }

    @Test
    void theControllersOutputsMapOneToOne() {
        Actuation actuation = Actuation.of(new BarnOutputs(2, true, 0.4, FanSpeed.LOW));
        assertThat(actuation).isEqualTo(new Actuation(2, true, 0.4, FanSpeed.LOW));
        assertThat(new SensorReadings(new TemperatureReading.Valid(40.0), new TemperatureReading.Valid(36.0),
                true, false).toBarnInputs(java.time.Instant.EPOCH).airflowProven()).isTrue();
    }

    @Test
    void badParametersAndCommandsAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> DEFAULTS.structure().withEnvelopeUa(2000.0))
                .hasMessageContaining("structure.envelopeUaWattsPerKelvin");
        assertThatThrownBy(() -> DEFAULTS.leaf().withFreshLeafKg(50.0)).hasMessageContaining("leaf.freshLeafKg");
        assertThatThrownBy(() -> new HeatingPlant.Resistive(0, 18_000.0)).hasMessageContaining("stages must be 1..12");
        assertThatThrownBy(() -> new Actuation(1, false, 1.5, FanSpeed.HIGH)).hasMessageContaining("damperOpenFraction");
        BarnSimulator barn = new BarnSimulator(DEFAULTS);
        assertThatThrownBy(() -> barn.step(Duration.ofSeconds(-1), Actuation.ALL_OFF)).hasMessageContaining("backwards");
        assertThatThrownBy(() -> barn.inject(BarnFault.MAINS_LOSS, Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> barn.setStageLabel(" ")).hasMessageContaining("blank");
    }
}
