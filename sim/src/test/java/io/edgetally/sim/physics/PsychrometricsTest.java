package io.edgetally.sim.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class PsychrometricsTest {

    private final Psychrometrics seaLevel = new Psychrometrics(Psychrometrics.SEA_LEVEL_KPA);
    private final Psychrometrics jiange = new Psychrometrics(95.0);

    @Test
    void saturationPressureMatchesTheAshraeTable() {
        // ASHRAE Fundamentals 2017, ch. 1, table 3 (thermodynamic properties of water at saturation)
        assertThat(Psychrometrics.saturationPressureKpa(0.0)).isCloseTo(0.6112, within(0.0005));
        assertThat(Psychrometrics.saturationPressureKpa(20.0)).isCloseTo(2.3393, within(0.002));
        assertThat(Psychrometrics.saturationPressureKpa(40.0)).isCloseTo(7.3849, within(0.005));
        assertThat(Psychrometrics.saturationPressureKpa(60.0)).isCloseTo(19.946, within(0.01));
        assertThat(Psychrometrics.saturationPressureKpa(100.0)).isCloseTo(101.42, within(0.05));
        assertThat(Psychrometrics.saturationPressureKpa(-20.0)).isCloseTo(0.10326, within(0.0002));
    }

    @Test
    void humidityRatioFromAPsychrometerMatchesPsychroLibReference() {
        // PsychroLib's test case (86 °F / 77 °F / 14.175 psi, value computed independently in Excel),
        // in SI: 30 °C dry bulb, 25 °C wet bulb, 97.7334 kPa; the IP constants round slightly differently
        Psychrometrics psy = new Psychrometrics(97.7334);
        double w = psy.humidityRatioFromWetBulb(30.0, 25.0);
        assertThat(w).isCloseTo(0.0187193, within(0.0187193 * 0.0005));
        assertThat(psy.wetBulbCelsius(30.0, w)).isCloseTo(25.0, within(1e-5));
        assertThat(psy.dewPointCelsius(w)).isBetween(23.0, 25.0);
    }

    @Test
    void curingTargetsGiveTheRelativeHumiditiesOperatorsExpect() {
        // docs/curing.md: about 88 % at 38/36 °C and about 23 % at 68/42 °C
        assertThat(seaLevel.relativeHumidity(38.0, seaLevel.humidityRatioFromWetBulb(38.0, 36.0)))
                .isCloseTo(0.88, within(0.02));
        assertThat(seaLevel.relativeHumidity(68.0, seaLevel.humidityRatioFromWetBulb(68.0, 42.0)))
                .isCloseTo(0.23, within(0.02));
        // and keep the absolute humidity near 0.04 kg/kg through the cure
        assertThat(jiange.humidityRatioFromWetBulb(38.0, 35.5)).isCloseTo(0.04, within(0.003));
        assertThat(jiange.humidityRatioFromWetBulb(54.0, 38.0)).isCloseTo(0.04, within(0.003));
    }

    @Test
    void thinnerAirHoldsMoreWaterForTheSamePsychrometerReading() {
        assertThat(jiange.humidityRatioFromWetBulb(45.0, 37.0))
                .isGreaterThan(seaLevel.humidityRatioFromWetBulb(45.0, 37.0) * 1.05);
    }

    @Test
    void enthalpyCountsSensibleAndLatentParts() {
        assertThat(Psychrometrics.enthalpyKjPerKg(0.0, 0.0)).isZero();
        assertThat(Psychrometrics.enthalpyKjPerKg(20.0, 0.01)).isCloseTo(20.12 + 0.01 * (2501.0 + 37.2), within(1e-9));
    }

    @Test
    void saturatedAirHasItsWetBulbAtTheDryBulb() {
        double ws = jiange.saturationHumidityRatio(30.0);
        assertThat(jiange.wetBulbCelsius(30.0, ws)).isEqualTo(30.0);
        assertThat(jiange.relativeHumidity(30.0, ws)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void impossibleInputsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> jiange.humidityRatioFromWetBulb(40.0, 41.0))
                .hasMessageContaining("wet bulb 41.0 °C above dry bulb 40.0 °C");
        assertThatThrownBy(() -> new Psychrometrics(950.0)).hasMessageContaining("[50, 110] kPa");
        assertThatThrownBy(() -> jiange.relativeHumidity(30.0, -0.01)).hasMessageContaining("humidity ratio");
        assertThatThrownBy(() -> jiange.humidityRatioFromRelativeHumidity(30.0, 85.0))
                .hasMessageContaining("fraction");
    }

    @Property(tries = 300)
    void wetBulbInvertsTheHumidityRatio(@ForAll @DoubleRange(min = 1.0, max = 80.0) double dry,
                                        @ForAll @DoubleRange(min = 0.0, max = 1.0) double share,
                                        @ForAll @DoubleRange(min = 90.0, max = 102.0) double kpa) {
        Psychrometrics psy = new Psychrometrics(kpa);
        double wet = dry - share * Math.min(25.0, dry - 0.5);
        double w = psy.humidityRatioFromWetBulb(dry, wet);
        if (w > 0.0) {
            assertThat(psy.wetBulbCelsius(dry, w)).isCloseTo(wet, within(1e-4));
            assertThat(psy.wetBulbCelsius(dry, w, dry - 20.0)).isCloseTo(wet, within(1e-4));
        }
    }

    @Property(tries = 200)
    void relativeHumidityRoundTrips(@ForAll @DoubleRange(min = -10.0, max = 80.0) double dry,
                                    @ForAll @DoubleRange(min = 0.01, max = 1.0) double rh) {
        double w = jiange.humidityRatioFromRelativeHumidity(dry, rh);
        assertThat(jiange.relativeHumidity(dry, w)).isCloseTo(rh, within(1e-9));
        assertThat(jiange.dewPointCelsius(w)).isLessThanOrEqualTo(dry + 1e-5);
    }
}
