package io.edgetally;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.edgetally.cli.Main;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import graph of what ships to the Pi is a layering, as the package docs describe it ({@code io.edgetally}'s
 * package-info): a package may use the packages of the layers below its own and of its own group, never one above,
 * and features on one layer (the barn, the station, the doctor; the two controllers) do not use each other. Nothing
 * of the simulator or of the tests is used. A new package fails here until it is given its layer.
 */
class LayeringTest {

    /**
     * Top to bottom. Each entry is one group: a package and its subpackages (unless a more specific entry names one).
     * Groups on one line are peers: neither may use the other.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("cli"),
            List.of("site"),
            List.of("barn", "station", "doctor"),
            List.of("service"),
            List.of("barn.io"),
            List.of("barn.curing", "station.control"),
            List.of("barn.curing.schedule"),
            List.of("tally"),
            List.of("status", "uplink"),
            List.of("io.wiring"),
            List.of("config"),
            List.of("io.plc"),
            List.of("io.meter"),
            List.of("io.modbus", "io.onewire"),
            List.of("io.gpio"),
            List.of("io"),
            List.of("store", "systemd", "alarm"));

    /** What must never reach a Pi: the simulator, the tests and their libraries. */
    static final String[] SIM_AND_TEST = {"io.edgetally.sim..", "io.edgetally.testkit..", "org.junit..",
            "org.assertj..", "net.jqwik..", "org.awaitility..", "io.moquette..", "com.pi4j.plugin.mock..",
            "org.ojalgo..", "com.tngtech..", "org.bouncycastle.cert..", "org.bouncycastle.operator..",
            "org.bouncycastle.pkcs..", "org.bouncycastle.openssl.."};

    private static JavaClasses firmware;

    @BeforeAll
    static void importTheShippedClasses() throws URISyntaxException {
        // firmware-app's own classes only (target/classes): not protocol, not the tests, not the testkit
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        firmware = new ClassFileImporter().importPath(classes);
    }

    /** The group a class of {@code io.edgetally.X...} belongs to: the longest listed prefix of X. */
    static Optional<String> group(String packageName) {
        if (!packageName.startsWith("io.edgetally.")) {
            return Optional.empty();
        }
        String rel = packageName.substring("io.edgetally.".length());
        String best = null;
        for (List<String> layer : LAYERS) {
            for (String g : layer) {
                if ((rel.equals(g) || rel.startsWith(g + ".")) && (best == null || g.length() > best.length())) {
                    best = g;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    static int rank(String group) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(group)) {
                return i;
            }
        }
        throw new IllegalArgumentException(group);
    }

    @Test
    void everyPackageHasItsLayer() {
        classes().that().resideInAPackage("io.edgetally..")
                .should(new ArchCondition<>("reside in a package of a listed layer") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (c.getPackageName().equals("io.edgetally")) {
                            return; // the root holds only this layering's description
                        }
                        if (group(c.getPackageName()).isEmpty()) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " is in "
                                    + c.getPackageName() + ", which no layer of LayeringTest.LAYERS names"));
                        }
                    }
                })
                .check(firmware);
    }

    @Test
    void noPackageUsesAPackageAboveItOrAPeer() {
        LAYERED.check(firmware);
    }

    /** The rule the firmware passes, failing on a class that breaks it (a test fixture does). */
    static final ArchRule LAYERED = classes().that().resideInAPackage("io.edgetally..")
                .should(new ArchCondition<>("use only packages of their own group or of lower layers") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        Optional<String> from = group(c.getPackageName());
                        if (from.isEmpty()) {
                            return;
                        }
                        for (Dependency d : c.getDirectDependenciesFromSelf()) {
                            Optional<String> to = group(d.getTargetClass().getPackageName());
                            if (to.isEmpty() || to.get().equals(from.get())) {
                                continue; // outside the layering (protocol, libraries) or within the group
                            }
                            if (rank(to.get()) <= rank(from.get())) {
                                events.add(SimpleConditionEvent.violated(d, "layer '" + from.get() + "' uses '"
                                        + to.get() + "' " + (rank(to.get()) == rank(from.get()) ? "(a peer)"
                                        : "(above it)") + ": " + d.getDescription()));
                            }
                        }
                    }
                });

    static final ArchRule SHIPPED_ONLY = noClasses().should().dependOnClassesThat().resideInAnyPackage(SIM_AND_TEST);

    @Test
    void nothingThatShipsUsesTheSimulatorOrTestCode() {
        SHIPPED_ONLY.check(firmware);
    }

    @Test
    void theRulesFailOnAClassThatBreaksThem() {
        JavaClasses offenders = new ClassFileImporter().importClasses(io.edgetally.tally.LayeringOffender.class);
        EvaluationResult layered = LAYERED.evaluate(offenders);
        assertThat(layered.hasViolation()).isTrue();
        assertThat(layered.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
                .contains("layer 'tally' uses 'barn' (above it)"));
        assertThat(SHIPPED_ONLY.evaluate(offenders).getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("io.edgetally.testkit.ManualClock"));
        assertThat(group("io.edgetally.barn.curing.schedule")).contains("barn.curing.schedule");
        assertThat(group("io.edgetally.uplink.tls")).contains("uplink");
        assertThat(group("io.edgetally.nowhere")).isEmpty();
        assertThat(rank("barn")).as("peers").isEqualTo(rank("station"));
    }
}
