package io.edgetally.barn.curing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A whole middle-leaf cure against the test barn: it completes, tracks the curve, and never aborts. */
class CuringTrackingTest {

    @Test
    void resistiveBarnCompletesTheMiddleLeafCureOnTheCurve() {
        Result r = cure(CuringTuning.defaults(), false);
        assertThat(r.completed).as("cure completed").isTrue();
        assertThat(r.hours).isBetween(125.0, 160.0);
        assertThat(r.dryRms).as("dry-bulb RMS error in holds").isLessThan(0.5);
        assertThat(r.wetRms).as("wet-bulb RMS error in holds").isLessThan(0.7);
        assertThat(r.maxSetpointStepCelsius).as("largest setpoint move in one cycle").isLessThan(0.02);
        assertThat(r.alarms).as("alarms raised in a healthy cure").isZero();
    }

    @Test
    void heatPumpBarnCompletesTheMiddleLeafCureOnTheCurve() {
        Result r = cure(CuringTuning.defaults().withPlant(HeaterPlant.HeatPump.defaults()), true);
        assertThat(r.completed).isTrue();
        assertThat(r.dryRms).isLessThan(0.8);
        assertThat(r.wetRms).isLessThan(0.8);
        assertThat(r.alarms).isZero();
    }

    record Result(boolean completed, double hours, double dryRms, double wetRms, double maxSetpointStepCelsius,
            int alarms) {}

    static Result cure(CuringTuning tuning, boolean heatPump) {
        BarnScenario s = new BarnScenario(new ScheduleLoader().builtIn("middle-leaf"), tuning,
                Duration.ofSeconds(15));
        s.barn.heatPump = heatPump;
        double dry2 = 0;
        double wet2 = 0;
        int n = 0;
        double maxStep = 0;
        double prevSetpoint = Double.NaN;
        int prevStep = -1;
        boolean completed = false;
        for (int i = 0; i < 200 * 240 && !completed; i++) {
            double hours = Duration.between(BarnScenario.START, s.clock.instant()).toSeconds() / 3600.0;
            s.barn.capacityJPerK = Math.max(6e6, 15e6 - hours * 65e3);
            if (!heatPump && s.last != null) {
                // water leaves 48/42/10 % by stage: about 32, 31 and 11 kg/h
                s.barn.evaporationKgPerH = switch (s.last.state().stage()) {
                    case YELLOWING -> 32;
                    case COLOUR_FIXING -> 31;
                    case STEM_DRYING -> 11;
                };
            }
            CycleResult c = s.cycle();
            CureState st = c.state();
            if (st.phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            if ((st.phase() == CurePhase.HOLD || st.phase() == CurePhase.AWAITING_CONFIRMATION)
                    && st.rampDryCelsius().isPresent()) {
                double dry = ((TemperatureReading.Valid) st.dryBulb()).celsius();
                double wet = ((TemperatureReading.Valid) st.wetBulb()).celsius();
                dry2 += Math.pow(dry - st.rampDryCelsius().getAsDouble(), 2);
                wet2 += Math.pow(wet - st.rampWetCelsius().getAsDouble(), 2);
                n++;
            }
            if (st.rampDryCelsius().isPresent()) {
                double sp = st.rampDryCelsius().getAsDouble();
                if (st.stepIndex() == prevStep && !Double.isNaN(prevSetpoint)) {
                    maxStep = Math.max(maxStep, Math.abs(sp - prevSetpoint));
                }
                prevSetpoint = sp;
            }
            prevStep = st.stepIndex();
            completed = st.phase() == CurePhase.COMPLETE;
        }
        double hours = Duration.between(BarnScenario.START, s.clock.instant()).toSeconds() / 3600.0;
        Result r = new Result(completed, hours, Math.sqrt(dry2 / n), Math.sqrt(wet2 / n), maxStep,
                s.events(CuringEvent.AlarmRaised.class).size());
        System.out.println(String.format(Locale.ROOT, "%s cure: %s", heatPump ? "heat-pump" : "resistive", r));
        s.events(CuringEvent.AlarmRaised.class).forEach(a -> System.out.println("  " + a));
        return r;
    }
}
