package io.edgetally.protocol.verify;

import static io.edgetally.protocol.verify.Problem.Kind.FACTOR;
import static io.edgetally.protocol.verify.Problem.Kind.TALLY;

import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.GridFactor;
import io.edgetally.protocol.methodology.Methodology;
import io.edgetally.protocol.methodology.MethodologyException;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.SiteRange;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.ReportBody;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of {@link ReportChecker} that recomputes a report's numbers: the energy from the meter readings, and
 * each tally (primary and sensitivity) from the registry's methodology, its factors as the table has them (or a
 * site value within range) and the grid factor. Safe to share between threads.
 */
final class TallyCheck {

    private final MethodologyRegistry registry;
    private final TallyCalculator calculator = new TallyCalculator();
    /**
     * The registry's methodologies as reports name them, each with its factor table laid out for the check: found
     * once, not per report. Only methodologies the (immutable) registry has are kept, so the map is bounded by its
     * table whatever reports name.
     */
    private final Map<MethodologyKey, KnownMethodology> known = new ConcurrentHashMap<>();
    /** The registry's grid factors by region and year, as found; bounded the same way. */
    private final Map<GridKey, GridFactor> grids = new ConcurrentHashMap<>();

    private record MethodologyKey(String id, String version) {}

    private record GridKey(String region, int year) {}

    /**
     * A methodology of the registry with its factors' names and site ranges by position. {@code distinctNames}:
     * no name is listed twice, so a report whose factors match it position by position lists none twice either.
     */
    record KnownMethodology(Methodology methodology, List<Factor> factors, SiteRange[] ranges,
                                    boolean distinctNames) {
        static KnownMethodology of(Methodology m) {
            List<Factor> factors = m.factors();
            SiteRange[] ranges = new SiteRange[factors.size()];
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = m.siteParameters().get(factors.get(i).name());
                names.add(factors.get(i).name());
            }
            return new KnownMethodology(m, factors, ranges, names.size() == factors.size());
        }
    }

    TallyCheck(MethodologyRegistry registry) {
        this.registry = registry;
    }

    /** Adds to {@code problems} every number of {@code b} that its meter readings and methodology do not give. */
    void check(ReportBody b, List<Problem> problems) {
        MeterSpan m = b.meter();
        if (m.rolloverKwh().signum() <= 0) {
            problems.add(Problem.of(TALLY, "meter.rolloverKwh", "a positive register size", m.rolloverKwh()));
            return;
        }
        BigDecimal energy = m.energyKwh();
        if (energy.compareTo(b.energyKwh()) != 0) {
            problems.add(Problem.of(TALLY, "energyKwh", energy.toPlainString() + " (meter " + m.startKwh()
                    + " -> " + m.endKwh() + ")", b.energyKwh().toPlainString()));
        }
        checkAccounting("", b, b.tally(), energy, problems);
        b.sensitivity().ifPresent(s -> checkAccounting("sensitivity.", b, s, energy, problems));
    }

    private void checkAccounting(String prefix, ReportBody b, Accounting found, BigDecimal energyKwh,
                                 List<Problem> problems) {
        String id = found.methodology().id();
        String version = found.methodology().version();
        Optional<KnownMethodology> known = knownMethodology(id, version);
        if (known.isEmpty()) {
            List<String> table = registry.methodologies().stream().map(Methodology::key).toList();
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology",
                    "a methodology in the registry's table " + table, id + "@" + version));
            return;
        }
        Methodology methodology = known.get().methodology();
        if (!methodology.kinds().contains(b.kind().wireName())) {
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology.id",
                    "a methodology for " + methodology.kinds(), b.kind().wireName() + " report with " + id));
        }
        int before = problems.size();
        if (!factorsMatch(known.get(), found.methodology().factors())) {
            checkFactors(prefix + "methodology.factors", methodology, found.methodology().factors(), problems);
        }
        checkGrid(prefix + "emissions.grid", found.emissions().grid(), problems);
        if (problems.size() > before) {
            return; // recomputing with factors we do not accept would only repeat the same finding
        }
        Accounting expected;
        try {
            expected = calculator.compute(found.methodology(), found.emissions().grid(), energyKwh);
        } catch (MethodologyException e) {
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology", "computable", e.getMessage()));
            return;
        }
        Map<String, BigDecimal> want = expected.displaced();
        Map<String, BigDecimal> got = found.displaced();
        if (!want.keySet().equals(got.keySet()) || !sameValues(want, got)) {
            Set<String> keys = new HashSet<>(want.keySet());
            keys.addAll(got.keySet());
            for (String key : keys.stream().sorted().toList()) {
                compare(prefix + "displaced.", key, Optional.ofNullable(want.get(key)),
                        Optional.ofNullable(got.get(key)), problems);
            }
        }
        Emissions e = expected.emissions();
        Emissions f = found.emissions();
        String p = prefix + "emissions.";
        compare(p, "co2Kg", Optional.of(e.co2Kg()), Optional.of(f.co2Kg()), problems);
        compare(p, "so2Kg", e.so2Kg(), f.so2Kg(), problems);
        compare(p, "noxKg", e.noxKg(), f.noxKg(), problems);
        compare(p, "pmKg", e.pmKg(), f.pmKg(), problems);
        compare(p, "co2ProjectKg", Optional.of(e.co2ProjectKg()), Optional.of(f.co2ProjectKg()), problems);
        compare(p, "co2NetKg", Optional.of(e.co2NetKg()), Optional.of(f.co2NetKg()), problems);
    }

    /** Same keys assumed: whether every value compares equal (the common case, checked without sorting). */
    private static boolean sameValues(Map<String, BigDecimal> want, Map<String, BigDecimal> got) {
        for (Map.Entry<String, BigDecimal> w : want.entrySet()) {
            if (w.getValue().compareTo(got.get(w.getKey())) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The field's name is put together only for a problem: this runs a dozen times for every report. */
    private static void compare(String prefix, String name, Optional<BigDecimal> expected, Optional<BigDecimal> found,
                                List<Problem> problems) {
        boolean same = expected.isPresent() == found.isPresent()
                && (expected.isEmpty() || expected.get().compareTo(found.get()) == 0);
        if (!same) {
            problems.add(Problem.of(TALLY, prefix + name, expected.map(BigDecimal::toPlainString).orElse("null"),
                    found.map(BigDecimal::toPlainString).orElse("null")));
        }
    }

    private Optional<KnownMethodology> knownMethodology(String id, String version) {
        MethodologyKey key = new MethodologyKey(id, version);
        KnownMethodology k = known.get(key);
        if (k != null) {
            return Optional.of(k);
        }
        Optional<KnownMethodology> found = registry.find(id, version).map(KnownMethodology::of);
        found.ifPresent(f -> known.putIfAbsent(key, f));
        return found;
    }

    /**
     * Whether {@code found} lists the methodology's factors in its own order, each passing every check of
     * {@link #checkFactors}: the common case, checked without a map. When it does not hold, checkFactors finds
     * out what is wrong.
     */
    static boolean factorsMatch(KnownMethodology k, List<Factor> found) {
        List<Factor> want = k.factors();
        if (!k.distinctNames() || found.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            Factor w = want.get(i);
            Factor got = found.get(i);
            SiteRange range = k.ranges()[i];
            boolean value = range == null ? w.value().compareTo(got.value()) == 0 : range.contains(got.value());
            if (!value || !w.name().equals(got.name()) || !w.unit().equals(got.unit())
                    || !w.source().equals(got.source()) || w.year() != got.year()) {
                return false;
            }
        }
        return true;
    }

    static void checkFactors(String field, Methodology m, List<Factor> found, List<Problem> problems) {
        Map<String, Factor> byName = new HashMap<>();
        for (Factor f : found) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                problems.add(Problem.of(FACTOR, field + "[" + f.name() + "]", "listed once", "listed twice"));
            }
        }
        for (Factor want : m.factors()) {
            Factor got = byName.remove(want.name());
            if (got != null && sameFactor(m, want, got)) {
                continue; // the common case, checked without making the field's name
            }
            String at = field + "[" + want.name() + "]";
            if (got == null) {
                problems.add(Problem.of(FACTOR, at, "present (" + m.key() + ")", "missing"));
                continue;
            }
            SiteRange range = m.siteParameters().get(want.name());
            if (range == null && want.value().compareTo(got.value()) != 0) {
                problems.add(Problem.of(FACTOR, at + ".value", want.value().toPlainString() + " (fixed by "
                        + m.key() + ")", got.value().toPlainString()));
            } else if (range != null && !range.contains(got.value())) {
                problems.add(Problem.of(FACTOR, at + ".value", "a site value in " + range,
                        got.value().toPlainString()));
            }
            if (!want.unit().equals(got.unit())) {
                problems.add(Problem.of(FACTOR, at + ".unit", want.unit(), got.unit()));
            }
            if (!want.source().equals(got.source()) || want.year() != got.year()) {
                problems.add(Problem.of(FACTOR, at + ".source", want.source() + " (" + want.year() + ")",
                        got.source() + " (" + got.year() + ")"));
            }
        }
        for (String extra : byName.keySet()) {
            problems.add(Problem.of(FACTOR, field + "[" + extra + "]", "no such factor in " + m.key(), "present"));
        }
    }

    /** Whether {@code got} passes every check of {@link #checkFactors} against {@code want}. */
    private static boolean sameFactor(Methodology m, Factor want, Factor got) {
        SiteRange range = m.siteParameters().get(want.name());
        boolean value = range == null ? want.value().compareTo(got.value()) == 0 : range.contains(got.value());
        return value && want.unit().equals(got.unit()) && want.source().equals(got.source())
                && want.year() == got.year();
    }

    private Optional<GridFactor> grid(String region, int year) {
        GridKey key = new GridKey(region, year);
        GridFactor g = grids.get(key);
        if (g != null) {
            return Optional.of(g);
        }
        Optional<GridFactor> found = registry.findGrid(region, year);
        found.ifPresent(f -> grids.putIfAbsent(key, f));
        return found;
    }

    private void checkGrid(String field, GridFactor found, List<Problem> problems) {
        Optional<GridFactor> known = grid(found.region(), found.year());
        if (known.isEmpty()) {
            problems.add(Problem.of(FACTOR, field, "a grid factor in the registry's table",
                    found.region() + "/" + found.year()));
        } else if (known.get().value().compareTo(found.value()) != 0
                || !Objects.equals(known.get().unit(), found.unit())) {
            problems.add(Problem.of(FACTOR, field + ".value", known.get().value().toPlainString() + " "
                    + known.get().unit(), found.value().toPlainString() + " " + found.unit()));
        }
    }

}
