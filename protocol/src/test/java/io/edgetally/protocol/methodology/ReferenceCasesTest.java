package io.edgetally.protocol.methodology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference cases of docs/report-schema.md ("Reference cases"), reproduced to the last digit. */
class ReferenceCasesTest {

    private final MethodologyRegistry registry = MethodologyRegistry.builtIn();
    private final TallyCalculator calculator = new TallyCalculator();

    private static BigDecimal kwh(String s) {
        return new BigDecimal(s);
    }

    @Test
    void jiangeSeasonUnderTheSichuanReportMethodology() {
        ResolvedMethodology m = registry.resolve(MethodologyChoice.of("sichuan-2023-thermal", "1"));
        Accounting a = calculator.compute(m.ref(), registry.requireGrid("CN-SC", 2022), kwh("3000000"));

        assertThat(a.displaced().get("coalKgce")).isEqualByComparingTo("375000");
        assertThat(a.emissions().co2Kg()).isEqualByComparingTo("982500");
        assertThat(a.emissions().so2Kg()).contains(new BigDecimal("3180.000"));
        assertThat(a.emissions().noxKg()).contains(new BigDecimal("2775.000"));
        assertThat(a.emissions().pmKg()).as("the report has no particulate factor: absent, not zero").isEmpty();
        assertThat(a.emissions().co2ProjectKg()).isEqualByComparingTo("421200");
        assertThat(a.emissions().co2NetKg()).isEqualByComparingTo("561300");
    }

    @Test
    void yibinDayUnderSwapDieselAtTheSichuanGridFactor() {
        ResolvedMethodology m = registry.resolve(new MethodologyChoice("swap-diesel", "1", Map.of(
                "chargeEfficiency", kwh("0.93"), "truckKwhPerKm", kwh("1.6"), "dieselLitresPer100Km", kwh("35"),
                "dieselDensity", kwh("0.84"))));
        Accounting a = calculator.compute(m.ref(), registry.requireGrid("CN-SC", 2022), kwh("12000"));

        assertThat(a.displaced().get("energyToTrucksKwh")).isEqualByComparingTo("11160");
        assertThat(a.displaced().get("truckKm")).isEqualByComparingTo("6975");
        assertThat(a.displaced().get("dieselLitres")).isEqualByComparingTo("2441.25");
        assertThat(a.displaced().get("dieselKg")).isEqualByComparingTo("2050.65");
        assertThat(a.displaced().get("dieselKgce")).isEqualByComparingTo("2988.002"); // ≈ 2,988 kgce
        assertThat(a.emissions().co2Kg()).isEqualByComparingTo("6348.812"); // ≈ 6,349 kg gross
        assertThat(a.emissions().co2ProjectKg()).isEqualByComparingTo("1684.8");
        assertThat(a.emissions().co2NetKg()).isEqualByComparingTo("4664.012"); // ≈ 4,664 kg net
        // 6975 km x 1.42 g/km = 9.9045 kg, rounded half-even: ≈ 9.9 kg against China VI
        assertThat(a.emissions().noxKg()).contains(new BigDecimal("9.904"));
        assertThat(a.emissions().so2Kg()).isEmpty();
    }

    @Test
    void yibinDayAtTheNationalFactorIsANetIncrease() {
        ResolvedMethodology m = registry.resolve(MethodologyChoice.of("swap-diesel", "1"));
        Accounting a = calculator.compute(m.ref(), registry.requireGrid("CN", 2023), kwh("12000"));

        assertThat(a.emissions().grid().value()).isEqualByComparingTo("0.5703");
        assertThat(a.emissions().co2ProjectKg()).isEqualByComparingTo("6843.6");
        assertThat(a.emissions().co2NetKg()).isEqualByComparingTo("-494.788"); // ≈ -495 kg
    }

    @Test
    void curingNetTakesSulfurAndParticulatesFromTheRawCoal() {
        ResolvedMethodology m = registry.resolve(MethodologyChoice.of("curing-net", "1"));
        Accounting a = calculator.compute(m.ref(), registry.requireGrid("CN-SC", 2022), kwh("1000"));

        // 125 kgce = 125 / 0.7143 kg raw coal = 174.996... kg
        assertThat(a.displaced().get("coalKgce")).isEqualByComparingTo("125");
        assertThat(a.displaced().get("rawCoalKg")).isEqualByComparingTo("174.997");
        assertThat(a.emissions().co2Kg()).isEqualByComparingTo("346.25");
        assertThat(a.emissions().so2Kg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2.800"));
        assertThat(a.emissions().pmKg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.312"));
        assertThat(a.emissions().co2NetKg()).isEqualByComparingTo("205.85");
    }

    @Test
    void curedLeafBaselineUsesTheSiteCoalPerLeaf() {
        ResolvedMethodology m = registry.resolve(new MethodologyChoice("curing-net", "1",
                Map.of("rawCoalPerKgCuredLeaf", kwh("1.0"))));
        Accounting a = calculator.computeFromCuredLeaf(m.ref(), registry.requireGrid("CN-SC", 2022), kwh("1000"),
                kwh("500"));
        assertThat(a.displaced().get("rawCoalKg")).isEqualByComparingTo("500");
        assertThat(a.displaced().get("coalKgce")).isEqualByComparingTo("357.15");
    }

    @Test
    void everyFactorNamesItsUnitSourceAndYear() {
        for (Methodology m : registry.methodologies()) {
            assertThat(m.factors()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.unit()).isNotBlank();
                assertThat(f.source()).isNotBlank();
                assertThat(f.year()).isBetween(1990, 2030);
            });
            assertThat(m.factors()).noneMatch(f -> f.name().toLowerCase().contains("carbondust"));
        }
        assertThat(registry.methodologies()).extracting(Methodology::key)
                .containsExactlyInAnyOrder("sichuan-2023-thermal@1", "curing-net@1", "swap-diesel@1");
    }

    @Test
    void aSiteCannotSetAFixedFactorOrLeaveTheRange() {
        assertThatThrownBy(() -> registry.resolve(new MethodologyChoice("swap-diesel", "1",
                Map.of("dieselCo2PerKg", kwh("2.5")))))
                .hasMessageContaining("'dieselCo2PerKg' is fixed by the methodology");
        assertThatThrownBy(() -> registry.resolve(new MethodologyChoice("swap-diesel", "1",
                Map.of("dieselLitresPer100Km", kwh("80")))))
                .hasMessageContaining("80").hasMessageContaining("25..50");
        assertThatThrownBy(() -> registry.resolve(MethodologyChoice.of("swap-diesel", "9")))
                .hasMessageContaining("unknown methodology swap-diesel@9");
        assertThatThrownBy(() -> registry.resolve(new AccountingPlan(MethodologyChoice.of("curing-net", "1"),
                Optional.empty(), "CN-XX", 2022))).hasMessageContaining("no grid factor for region CN-XX year 2022");
    }

    @Test
    void aMalformedTableIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> MethodologyRegistry.parse("{\"schema\":\"edgetally.methodologies/1\","
                + "\"gridFactors\":[],\"methodologies\":[{\"id\":\"x\"}]}", "site-table.json"))
                .hasMessageStartingWith("site-table.json: ").hasMessageContaining("missing key 'factors'");
    }
}
