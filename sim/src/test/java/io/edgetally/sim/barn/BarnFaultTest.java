package io.edgetally.sim.barn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.TemperatureReading.SensorFault;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each injectable fault does to the barn what its name says, and ends when it should. */
class BarnFaultTest {

    private static final BarnParameters RESISTIVE = BarnParameters.defaults();
    private static final BarnParameters HEAT_PUMP = RESISTIVE.withPlant(HeatingPlant.HeatPump.defaults());
    private static final Actuation HEAT_OFF = new Actuation(0, false, 0.0, FanSpeed.HIGH);

    /** A barn two hours into main yellowing (about 38 °C dry, 35.5 °C wet), as the reference follower left it. */
    private static BarnSimulator yellowingBarn(BarnParameters parameters) {
        return ReferenceCure.runUntilStep(parameters, 2, 2.0);
    }

    private static void run(BarnSimulator barn, Duration time, Actuation actuation) {
        for (long s = 0; s < time.toSeconds(); s += 20) {
            barn.step(Duration.ofSeconds(20), actuation);
        }
    }

    private static double celsius(TemperatureReading reading) {
        return ((TemperatureReading.Valid) reading).celsius();
    }

    @Test
    void aWeldedHeaterRelayHeatsWithTheCommandOff() {
        BarnSimulator healthy = yellowingBarn(RESISTIVE);
        BarnSimulator welded = yellowingBarn(RESISTIVE);
        double kwhBefore = welded.importKwh();
        welded.inject(BarnFault.HEATER_RELAY_STUCK_ON);

        run(healthy, Duration.ofHours(1), HEAT_OFF);
        run(welded, Duration.ofHours(1), HEAT_OFF);

        assertThat(welded.trueState().electricWatts()).isGreaterThanOrEqualTo(18_000.0);
        assertThat(welded.importKwh() - kwhBefore).isGreaterThan(18.0);
        assertThat(welded.trueState().dryBulbCelsius()).isGreaterThan(healthy.trueState().dryBulbCelsius() + 1.5);
    }

    @Test
    void theHardwareCutoutStopsAWeldedRelayOnceTheFanHasStopped() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        barn.inject(BarnFault.HEATER_RELAY_STUCK_ON);
        barn.inject(BarnFault.FAN_STOP);

        int seconds = 0;
        while (!barn.readSensors().cutoutTripped() && seconds < 600) {
            barn.step(Duration.ofSeconds(5), HEAT_OFF);
            seconds += 5;
        }
        assertThat(seconds).as("the cut-out opens within minutes").isLessThan(600);
        assertThat(barn.resetCutout()).as("no reset while the duct is hot").isFalse();
        run(barn, Duration.ofMinutes(1), HEAT_OFF);
        assertThat(barn.trueState().electricWatts()).as("only the controls draw power").isEqualTo(50.0);

        run(barn, Duration.ofHours(1), HEAT_OFF);
        assertThat(barn.resetCutout()).as("reset once cooled").isTrue();
        barn.step(Duration.ofSeconds(5), HEAT_OFF);
        assertThat(barn.trueState().electricWatts()).as("the welded relay heats again").isEqualTo(18_050.0);
    }

    @Test
    void aStoppedFanLosesAirflowProofAndKeepsTheHeatInTheHeatingRoom() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        run(barn, Duration.ofMinutes(1), new Actuation(3, false, 0.0, FanSpeed.HIGH));
        assertThat(barn.readSensors().airflowProven()).isTrue();
        double before = barn.trueState().dryBulbCelsius();

        barn.inject(BarnFault.FAN_STOP);
        barn.step(Duration.ofSeconds(20), new Actuation(3, false, 0.0, FanSpeed.HIGH));
        assertThat(barn.readSensors().airflowProven()).isFalse();
        assertThat(barn.trueState().electricWatts()).as("heater and controls, no fan motor").isEqualTo(54_050.0);

        run(barn, Duration.ofMinutes(5), new Actuation(3, false, 0.0, FanSpeed.HIGH));
        assertThat(barn.trueState().cutoutTripped()).as(barn.trueState().toString()).isTrue();
        assertThat(barn.trueState().dryBulbCelsius()).as("little heat reaches the leaf").isLessThan(before + 1.0);

        barn.clear(BarnFault.FAN_STOP);
        barn.step(Duration.ofSeconds(20), HEAT_OFF);
        assertThat(barn.readSensors().airflowProven()).isTrue();
    }

    @Test
    void aDryWickDriftsToTheDryBulbOverTensOfMinutesAndRecoversWhenRefilled() {
        BarnSimulator barn = ReferenceCure.runUntilStep(RESISTIVE, 4, 16.0);
        Actuation hold = new Actuation(1, false, 0.3, FanSpeed.HIGH);
        barn.inject(BarnFault.WICK_DRY_OUT);

        run(barn, Duration.ofMinutes(5), hold);
        BarnState state = barn.trueState();
        double depression = state.dryBulbCelsius() - state.wetBulbCelsius();
        assertThat(depression).isGreaterThan(1.0);
        assertThat(celsius(barn.readSensors().wetBulb())).as("after 5 min the wick is still mostly wet")
                .isLessThan(state.dryBulbCelsius() - 0.5 * depression);

        run(barn, Duration.ofMinutes(85), hold);
        state = barn.trueState();
        assertThat(celsius(barn.readSensors().wetBulb())).as("after 90 min it reads the dry bulb")
                .isCloseTo(state.dryBulbCelsius(), within(0.4));

        barn.clear(BarnFault.WICK_DRY_OUT);
        run(barn, Duration.ofMinutes(20), hold);
        state = barn.trueState();
        assertThat(celsius(barn.readSensors().wetBulb())).isCloseTo(state.wetBulbCelsius(), within(0.4));
    }

    @Test
    void anOpenDryBulbProbeReadsOpenUntilRepaired() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        barn.inject(BarnFault.DRY_BULB_PROBE_OPEN);
        barn.step(Duration.ofSeconds(20), HEAT_OFF);

        SensorReadings readings = barn.readSensors();
        assertThat(readings.dryBulb()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                open -> assertThat(open.fault()).isEqualTo(SensorFault.OPEN));
        assertThat(readings.wetBulb().isValid()).isTrue();

        barn.clear(BarnFault.DRY_BULB_PROBE_OPEN);
        barn.step(Duration.ofSeconds(20), HEAT_OFF);
        assertThat(barn.readSensors().dryBulb().isValid()).isTrue();
    }

    @Test
    void aStuckDamperIgnoresItsCommandAndMovesAgainWhenFreed() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        run(barn, Duration.ofMinutes(5), new Actuation(0, false, 0.3, FanSpeed.HIGH));
        assertThat(barn.trueState().damperOpenFraction()).isCloseTo(0.3, within(1e-9));

        barn.inject(BarnFault.DAMPER_STUCK);
        run(barn, Duration.ofMinutes(10), new Actuation(0, false, 1.0, FanSpeed.HIGH));
        assertThat(barn.trueState().damperOpenFraction()).isCloseTo(0.3, within(1e-9));

        barn.clear(BarnFault.DAMPER_STUCK);
        run(barn, Duration.ofMinutes(2), new Actuation(0, false, 1.0, FanSpeed.HIGH));
        assertThat(barn.trueState().damperOpenFraction()).isEqualTo(1.0);
    }

    @Test
    void aTrippedCompressorGivesNoHeatWhateverTheCommand() {
        BarnSimulator barn = yellowingBarn(HEAT_PUMP);
        BarnSimulator healthy = yellowingBarn(HEAT_PUMP);
        barn.inject(BarnFault.COMPRESSOR_TRIP);
        run(barn, Duration.ofMinutes(30), new Actuation(1, false, 0.0, FanSpeed.HIGH));
        run(healthy, Duration.ofMinutes(30), new Actuation(1, false, 0.0, FanSpeed.HIGH));

        assertThat(barn.trueState().electricWatts()).as("fan and controls only").isEqualTo(2250.0);
        assertThat(barn.trueState().dryBulbCelsius()).as("the same barn, its compressor running, is warmer by far")
                .isLessThan(healthy.trueState().dryBulbCelsius() - 2.0);

        barn.clear(BarnFault.COMPRESSOR_TRIP);
        barn.step(Duration.ofSeconds(20), new Actuation(1, false, 0.0, FanSpeed.HIGH));
        assertThat(barn.trueState().electricWatts()).isEqualTo(18_250.0);
    }

    @Test
    void aTwoHourMainsLossStopsTheMeterBlindsTheSensorsAndEndsByItself() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        BarnState start = barn.trueState();
        barn.inject(BarnFault.MAINS_LOSS, Duration.ofHours(2));

        run(barn, Duration.ofMinutes(110), new Actuation(3, false, 0.0, FanSpeed.HIGH));
        BarnState during = barn.trueState();
        SensorReadings blind = barn.readSensors();
        assertThat(during.importKwh()).as("the meter stops").isEqualTo(start.importKwh());
        assertThat(during.mainsPresent()).isFalse();
        assertThat(blind.dryBulb()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                invalid -> assertThat(invalid.fault()).isEqualTo(SensorFault.NO_RESPONSE));
        assertThat(blind.wetBulb().isValid()).isFalse();
        assertThat(blind.airflowProven()).isFalse();
        assertThat(during.dryBulbCelsius()).as("cooling, slowly: the leaf holds its heat")
                .isLessThan(start.dryBulbCelsius() - 0.5)
                .isGreaterThan(during.ambientCelsius() + 0.5 * (start.dryBulbCelsius() - during.ambientCelsius()));

        run(barn, Duration.ofMinutes(15), new Actuation(3, false, 0.0, FanSpeed.HIGH));
        assertThat(barn.isActive(BarnFault.MAINS_LOSS)).isFalse();
        assertThat(barn.importKwh()).as("five minutes of heat after the supply returned")
                .isGreaterThan(start.importKwh() + 3.0);
        assertThat(barn.readSensors().dryBulb().isValid()).isTrue();
    }

    @Test
    void aTwelveHourMainsLossInStemDryingCoolsTheBarnTowardsAmbientOverHours() {
        BarnSimulator barn = ReferenceCure.runUntilStep(RESISTIVE, 7, 4.0);
        BarnState start = barn.trueState();
        barn.inject(BarnFault.MAINS_LOSS, Duration.ofHours(12));

        run(barn, Duration.ofHours(1), HEAT_OFF);
        double afterOneHour = barn.trueState().dryBulbCelsius();
        run(barn, Duration.ofHours(11), HEAT_OFF);
        BarnState end = barn.trueState();

        assertThat(end.importKwh()).isEqualTo(start.importKwh());
        assertThat(afterOneHour).isLessThan(start.dryBulbCelsius() - 1.0);
        assertThat(end.dryBulbCelsius()).isLessThan(afterOneHour - 5.0).isGreaterThan(end.ambientCelsius() + 3.0);
    }

    @Test
    void aFiveMinuteMainsLossBarelyMovesTheBarn() {
        BarnSimulator barn = yellowingBarn(RESISTIVE);
        BarnState start = barn.trueState();
        barn.inject(BarnFault.MAINS_LOSS, Duration.ofMinutes(5));
        run(barn, Duration.ofMinutes(5), HEAT_OFF);

        assertThat(barn.trueState().dryBulbCelsius()).isCloseTo(start.dryBulbCelsius(), within(1.0));
        barn.step(Duration.ofSeconds(20), HEAT_OFF);
        assertThat(barn.activeFaults()).isEmpty();
        assertThat(barn.trueState().mainsPresent()).isTrue();
    }
}
