package io.edgetally.protocol.verify;

import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Sums of accepted reports (primary methodology): energy, displaced fuel (by name, sorted) and emissions. */
public record Totals(long reports, BigDecimal energyKwh, Map<String, BigDecimal> displaced, BigDecimal co2Kg,
                     BigDecimal so2Kg, BigDecimal noxKg, BigDecimal pmKg, BigDecimal co2ProjectKg,
                     BigDecimal co2NetKg) {

    public static final Totals ZERO = new Totals(0, BigDecimal.ZERO, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public Totals {
        displaced = Collections.unmodifiableMap(new TreeMap<>(displaced));
    }

    public Totals plus(BigDecimal energy, Accounting a) {
        Map<String, BigDecimal> d = new TreeMap<>(displaced);
        a.displaced().forEach((k, v) -> d.merge(k, v, BigDecimal::add));
        Emissions e = a.emissions();
        return new Totals(reports + 1, energyKwh.add(energy), d, co2Kg.add(e.co2Kg()),
                so2Kg.add(e.so2Kg().orElse(BigDecimal.ZERO)), noxKg.add(e.noxKg().orElse(BigDecimal.ZERO)),
                pmKg.add(e.pmKg().orElse(BigDecimal.ZERO)), co2ProjectKg.add(e.co2ProjectKg()),
                co2NetKg.add(e.co2NetKg()));
    }
}
