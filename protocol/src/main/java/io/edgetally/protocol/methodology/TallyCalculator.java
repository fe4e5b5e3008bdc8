package io.edgetally.protocol.methodology;

import static io.edgetally.protocol.methodology.Rounding.quotient;
import static io.edgetally.protocol.methodology.Rounding.result;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The formulas of the shipped methodologies, applied to metered kWh and the factor values a report names. The
 * same code runs on the device (to write a report) and in the registry (to recompute it); see {@link Rounding}
 * for how digits are kept. Stateless.
 */
public final class TallyCalculator {

    public static final String SICHUAN_2023_THERMAL = "sichuan-2023-thermal";
    public static final String CURING_NET = "curing-net";
    public static final String SWAP_DIESEL = "swap-diesel";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The tally for {@code energyKwh} metered, with the methodology and factor values of {@code methodology}. */
    public Accounting compute(MethodologyRef methodology, GridFactor grid, BigDecimal energyKwh) {
        Factors f = new Factors(methodology);
        return switch (methodology.id()) {
            case SICHUAN_2023_THERMAL -> {
                BigDecimal kgce = energyKwh.multiply(f.get("displacedCoalPerKwh"));
                yield coal(methodology, grid, energyKwh, kgce, Optional.empty(), f);
            }
            case CURING_NET -> {
                BigDecimal kgce = energyKwh.multiply(f.get("displacedCoalPerKwh"));
                BigDecimal rawKg = quotient(kgce, f.get("rawCoalKgcePerKg"));
                yield coal(methodology, grid, energyKwh, kgce, Optional.of(rawKg), f);
            }
            case SWAP_DIESEL -> diesel(methodology, grid, energyKwh, f);
            default -> throw new MethodologyException("no formulas for methodology '" + methodology.id()
                    + "' in this build (known: " + SICHUAN_2023_THERMAL + ", " + CURING_NET + ", " + SWAP_DIESEL + ")");
        };
    }

    /**
     * {@code curing-net} at batch close when the cured leaf was weighed: the coal baseline comes from the weight
     * (kg raw coal per kg cured leaf) instead of from the kWh; the grid side still comes from the metered kWh.
     */
    public Accounting computeFromCuredLeaf(MethodologyRef methodology, GridFactor grid, BigDecimal energyKwh,
                                           BigDecimal curedLeafKg) {
        if (!CURING_NET.equals(methodology.id())) {
            throw new MethodologyException("a cured-leaf baseline is defined only for " + CURING_NET + ", not for "
                    + methodology.key());
        }
        Factors f = new Factors(methodology);
        BigDecimal rawKg = curedLeafKg.multiply(f.get("rawCoalPerKgCuredLeaf"));
        BigDecimal kgce = rawKg.multiply(f.get("rawCoalKgcePerKg"));
        return coal(methodology, grid, energyKwh, kgce, Optional.of(rawKg), f);
    }

    private static Accounting coal(MethodologyRef m, GridFactor grid, BigDecimal energyKwh, BigDecimal kgce,
                                   Optional<BigDecimal> rawCoalKg, Factors f) {
        Map<String, BigDecimal> displaced = new LinkedHashMap<>();
        displaced.put("coalKgce", result(kgce));
        rawCoalKg.ifPresent(raw -> displaced.put("rawCoalKg", result(raw)));
        BigDecimal co2 = kgce.multiply(f.get("co2PerKgce"));
        // SO2 per kgce where the source gives it so; otherwise from the coal's sulfur by mass balance.
        Optional<BigDecimal> so2 = f.find("so2PerKgce").map(kgce::multiply)
                .or(() -> rawCoalKg.map(raw -> raw.multiply(f.get("coalSulfurPercent"))
                        .multiply(f.get("so2PerKgRawCoalPerSulfurPercent"))));
        Optional<BigDecimal> nox = f.find("noxPerKgce").map(kgce::multiply);
        Optional<BigDecimal> pm = f.find("pmPerKgRawCoal").flatMap(pmf -> rawCoalKg.map(raw -> raw.multiply(pmf)));
        return new Accounting(m, displaced, emissions(co2, so2, nox, pm, energyKwh, grid));
    }

    private static Accounting diesel(MethodologyRef m, GridFactor grid, BigDecimal energyKwh, Factors f) {
        BigDecimal toTrucksKwh = energyKwh.multiply(f.get("chargeEfficiency"));
        BigDecimal km = quotient(toTrucksKwh, f.get("truckKwhPerKm"));
        BigDecimal litres = quotient(km.multiply(f.get("dieselLitresPer100Km")), HUNDRED);
        BigDecimal kg = litres.multiply(f.get("dieselDensity"));
        BigDecimal kgce = kg.multiply(f.get("dieselKgcePerKg"));
        Map<String, BigDecimal> displaced = new LinkedHashMap<>();
        displaced.put("energyToTrucksKwh", result(toTrucksKwh));
        displaced.put("truckKm", result(km));
        displaced.put("dieselLitres", result(litres));
        displaced.put("dieselKg", result(kg));
        displaced.put("dieselKgce", result(kgce));
        BigDecimal co2 = kg.multiply(f.get("dieselCo2PerKg"));
        Optional<BigDecimal> nox = f.find("truckNoxPerKm").map(km::multiply);
        Optional<BigDecimal> pm = f.find("truckPmPerKm").map(km::multiply);
        return new Accounting(m, displaced, emissions(co2, Optional.empty(), nox, pm, energyKwh, grid));
    }

    private static Emissions emissions(BigDecimal co2, Optional<BigDecimal> so2, Optional<BigDecimal> nox,
                                       Optional<BigDecimal> pm, BigDecimal energyKwh, GridFactor grid) {
        BigDecimal project = energyKwh.multiply(grid.value());
        return new Emissions(result(co2), so2.map(Rounding::result), nox.map(Rounding::result),
                pm.map(Rounding::result), result(project), result(co2.subtract(project)), grid);
    }

    /** Factor lookup by name with an error that names the methodology and the missing factor. */
    private record Factors(MethodologyRef m) {
        BigDecimal get(String name) {
            return find(name).orElseThrow(() -> new MethodologyException("methodology " + m.key()
                    + " lacks factor '" + name + "' (has " + m.factors().stream().map(Factor::name).toList() + ")"));
        }

        Optional<BigDecimal> find(String name) {
            return m.factor(name).map(Factor::value);
        }
    }
}
