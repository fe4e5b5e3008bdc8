package io.edgetally.sim.barn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.curing.schedule.FanSpeed;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The model against the validation targets of {@code docs/curing.md} and issue 2: a full middle-leaf
 * cure of 4,000 kg run by a plain reference follower. Run {@link ReferenceCure#main} to print the numbers.
 */
class BarnCalibrationTest {

    private static final BarnParameters RESISTIVE = BarnParameters.defaults();
    private static final BarnParameters HEAT_PUMP = RESISTIVE.withPlant(HeatingPlant.HeatPump.defaults());

    @Test
    void resistiveCureMeetsTheValidationTargets() {
        ReferenceCure.Result cure = ReferenceCure.run(RESISTIVE, FanSpeed.HIGH, FanSpeed.HIGH, FanSpeed.HIGH);

        assertCureShape(cure);
        assertThat(cure.importKwh()).as(cure.summary()).isBetween(3000.0, 3800.0);
    }

    @Test
    void resistiveCureWithAStagedFanPlanMeetsTheTargetsToo() {
        ReferenceCure.Result cure = ReferenceCure.run(RESISTIVE, FanSpeed.LOW, FanSpeed.HIGH, FanSpeed.LOW);

        assertCureShape(cure);
        assertThat(cure.importKwh()).as(cure.summary()).isBetween(3000.0, 3800.0);
    }

    @Test
    void plainBrickCostsMoreButStaysInTheResistiveRange() {
        BarnParameters brick = RESISTIVE.withStructure(RESISTIVE.structure()
                .withEnvelopeUa(BarnParameters.Structure.PLAIN_BRICK_UA_WATTS_PER_KELVIN));
        ReferenceCure.Result insulated = ReferenceCure.run(RESISTIVE, FanSpeed.HIGH, FanSpeed.HIGH, FanSpeed.HIGH);
        ReferenceCure.Result plain = ReferenceCure.run(brick, FanSpeed.HIGH, FanSpeed.HIGH, FanSpeed.HIGH);

        assertThat(plain.importKwh()).as(plain.summary()).isBetween(insulated.importKwh() + 200.0, 3800.0);
    }

    @Test
    void heatPumpCureMeetsTheValidationTargets() {
        for (FanSpeed lowOrHigh : new FanSpeed[] {FanSpeed.HIGH, FanSpeed.LOW}) {
            ReferenceCure.Result cure = ReferenceCure.run(HEAT_PUMP, lowOrHigh, FanSpeed.HIGH, lowOrHigh);

            assertCureShape(cure);
            assertThat(cure.importKwh()).as(cure.summary()).isBetween(900.0, 1300.0);
        }
    }

    private static void assertCureShape(ReferenceCure.Result cure) {
        String why = cure.summary();
        assertThat(cure.hours()).as(why).isBetween(130.0, 160.0);
        assertThat(cure.removedShare().get("yellowing")).as(why).isBetween(40.0, 56.0);
        assertThat(cure.removedShare().get("colour fixing")).as(why).isBetween(34.0, 50.0);
        assertThat(cure.removedShare().get("stem drying")).as(why).isBetween(2.0, 18.0);
        assertThat(cure.removedKg()).as(why).isBetween(2900.0, 3360.0);
        assertThat(cure.peakHourlyLoadWatts()).as(why).isBetween(45_000.0, 50_000.0);
        assertThat(cure.peakLoadStage()).as(why).isEqualTo("colour fixing");
        assertThat(cure.minHoldHumidityRatio()).as(why).isGreaterThan(0.035);
        assertThat(cure.maxHoldHumidityRatio()).as(why).isLessThan(0.05);
        assertThat(cure.wetRmsCelsius()).as("the damper holds the wet bulb: " + why).isLessThan(0.5);
        assertThat(cure.dryRmsCelsius()).as(why).isLessThan(0.5);
        assertThat(cure.maxDryCelsius()).as(why).isBetween(67.5, 70.0);
    }

    @Test
    void theDamperHasAuthorityOverTheWetBulbInMainYellowing() {
        BarnSimulator barn = ReferenceCure.runUntilStep(RESISTIVE, 2, 10.0);
        double held = barn.trueState().wetBulbCelsius();
        assertThat(held).isCloseTo(35.5, org.assertj.core.api.Assertions.within(1.0));

        BarnSimulator shut = ReferenceCure.runUntilStep(RESISTIVE, 2, 10.0);
        holdDryBulbWithDamper(shut, 38.0, 0.0, Duration.ofHours(1));
        BarnSimulator open = ReferenceCure.runUntilStep(RESISTIVE, 2, 10.0);
        holdDryBulbWithDamper(open, 38.0, 1.0, Duration.ofHours(1));

        assertThat(shut.trueState().wetBulbCelsius()).as("damper shut: the leaf humidifies the air")
                .isGreaterThan(held + 1.0);
        assertThat(open.trueState().wetBulbCelsius()).as("damper open: outside air dries it " + open.trueState())
                .isLessThan(held - 1.0);
        assertThat(open.trueState().dryBulbCelsius()).as("while the heater holds the dry bulb")
                .isCloseTo(38.0, org.assertj.core.api.Assertions.within(0.5));
    }

    @Test
    void theHeaterReachesStemDryingTemperatureWithTheDamperOpen() {
        for (BarnParameters plant : new BarnParameters[] {RESISTIVE, HEAT_PUMP}) {
            BarnSimulator barn = ReferenceCure.runUntilStep(plant, 7, 0.0);
            double hottest = 0.0;
            for (int i = 0; i < 12 * 180; i++) {
                barn.step(Duration.ofSeconds(20), new Actuation(plant.plant().stageCount(), false, 1.0, FanSpeed.HIGH));
                hottest = Math.max(hottest, barn.trueState().dryBulbCelsius());
            }
            assertThat(hottest).as(plant.plant() + ": " + barn.trueState()).isGreaterThan(68.0);
        }
    }

    /** Bang-bang heat on the true dry bulb with the damper forced: isolates the damper's effect on the wet bulb. */
    private static void holdDryBulbWithDamper(BarnSimulator barn, double dryCelsius, double damper, Duration time) {
        for (long s = 0; s < time.toSeconds(); s += 20) {
            int stages = barn.trueState().dryBulbCelsius() < dryCelsius ? 3 : 0;
            barn.step(Duration.ofSeconds(20), new Actuation(stages, false, damper, FanSpeed.HIGH));
        }
    }
}
