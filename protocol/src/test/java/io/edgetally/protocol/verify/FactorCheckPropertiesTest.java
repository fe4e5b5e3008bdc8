package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.Methodology;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.SiteRange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The checker's shortcut for a report's factor list (the methodology's factors in its own order, each as the
 * table has it) against the full factor check: whenever the shortcut passes a list, the full check finds nothing
 * wrong with it, on lists reordered, shortened, lengthened, duplicated and edited in every field.
 */
class FactorCheckPropertiesTest {

    private static final List<Methodology> TABLE = MethodologyRegistry.builtIn().methodologies();

    @Property(tries = 3000)
    void theShortcutPassesOnlyWhatTheFullCheckPasses(@ForAll long seed) {
        Random r = new Random(seed);
        Methodology m = TABLE.get(r.nextInt(TABLE.size()));
        List<Factor> found = new ArrayList<>(m.factors());
        int edits = r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            edit(found, m, r);
        }
        boolean shortcut = TallyCheck.factorsMatch(TallyCheck.KnownMethodology.of(m), found);
        List<Problem> problems = new ArrayList<>();
        TallyCheck.checkFactors("methodology.factors", m, found, problems);
        if (shortcut) {
            assertThat(problems).as("factors %s", found).isEmpty();
        }
        Statistics.collect(shortcut ? "shortcut" : problems.isEmpty() ? "full check, sound" : "full check, problems");
        Statistics.coverage(c -> {
            c.check("shortcut").percentage(p -> p > 20);
            c.check("full check, problems").percentage(p -> p > 20);
        });
    }

    private static void edit(List<Factor> found, Methodology m, Random r) {
        if (found.isEmpty()) {
            found.add(m.factors().getFirst());
            return;
        }
        int i = r.nextInt(found.size());
        Factor f = found.get(i);
        switch (r.nextInt(9)) {
            case 0 -> Collections.swap(found, i, r.nextInt(found.size()));
            case 1 -> found.remove(i);
            case 2 -> found.add(r.nextInt(found.size() + 1), f); // listed twice
            case 3 -> found.add(new Factor("extraFactor", BigDecimal.ONE, "u", "s", 2020));
            case 4 -> found.set(i, new Factor(f.name(), f.value().add(new BigDecimal("0.001")), f.unit(), f.source(),
                    f.year()));
            case 5 -> {
                SiteRange range = m.siteParameters().get(f.name());
                BigDecimal v = range == null ? f.value().multiply(BigDecimal.TEN)
                        : r.nextBoolean() ? range.max() : range.max().add(BigDecimal.ONE);
                found.set(i, new Factor(f.name(), v, f.unit(), f.source(), f.year()));
            }
            case 6 -> found.set(i, new Factor(f.name(), f.value(), f.unit() + "x", f.source(), f.year()));
            case 7 -> found.set(i, new Factor(f.name(), f.value(), f.unit(), f.source() + "x", f.year()));
            default -> found.set(i, new Factor(f.name(), f.value(), f.unit(), f.source(), f.year() + 1));
        }
    }
}
