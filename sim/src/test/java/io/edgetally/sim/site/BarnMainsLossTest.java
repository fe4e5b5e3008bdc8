package io.edgetally.sim.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.config.BarnConfig;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mains lost for 5 minutes, 2 hours and 12 hours in the middle of main yellowing: the barn cools, the meter
 * stops, the controller is dead; when power returns it boots from its database, resumes the same step with the
 * process time it had, logs the outage, and holds until the barn is back on the curve. Never step 0.
 */
class BarnMainsLossTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {5, 120, 720})
    void theCureResumesTheSameStepAfterAnOutage(int minutes) throws Exception {
        try (SimulatedBarn sim = new SimulatedBarn(new SimulatedBarn.Options(dir, BarnConfig.Heating.RESISTIVE,
                "middle-leaf", Duration.ofSeconds(15), 5, false, false, Database.Durability.NORMAL))
                .start()) {
            sim.step();
            while (!(state(sim).stepIndex() == 2 && state(sim).phase() == CurePhase.HOLD
                    && state(sim).stepElapsed().toHours() >= 4)) {
                sim.step();
            }
            CureState before = state(sim);
            double kwhBefore = sim.barn().importKwh();
            sim.barn().inject(BarnFault.MAINS_LOSS, Duration.ofMinutes(minutes));
            var firstSite = sim.site();
            while (sim.site() == firstSite) {
                sim.step();
            }
            assertThat(sim.barn().importKwh()).as("the meter did not count while the mains were off")
                    .isLessThan(kwhBefore + 0.5);
            CureState after = state(sim);
            assertThat(after.stepIndex()).as("the same step").isEqualTo(2);
            assertThat(after.stepElapsed()).as("process time kept, within one persistence interval and cycle")
                    .isBetween(before.stepElapsed().minusSeconds(75), before.stepElapsed().plusSeconds(15));
            try (Statement s = sim.database().connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT detail FROM events WHERE kind = 'resumed'")) {
                assertThat(r.next()).as("the outage is in the event log").isTrue();
                assertThat(r.getString(1)).contains("main yellowing");
            }
            if (minutes >= 120) {
                // the barn has cooled: it is brought back to the curve at the ramp rate, from where it is, and the
                // step's hold time waits for it
                Duration held = after.stepElapsed();
                for (int i = 0; i < 20; i++) {
                    sim.step();
                }
                assertThat(state(sim).phase()).isEqualTo(CurePhase.RAMP);
                assertThat(state(sim).stepElapsed()).as("no hold time while off the curve").isEqualTo(held);
                assertThat(state(sim).rampDryCelsius().getAsDouble()).as("the ramp restarts below the target")
                        .isLessThan(state(sim).targetDryCelsius().getAsDouble());
            }
            while (!sim.site().complete() && sim.barnHours() < 220) {
                sim.step();
            }
            assertThat(sim.site().complete()).as("and the cure still completes").isTrue();
        }
    }

    private static CureState state(SimulatedBarn sim) {
        return sim.site().state().orElseThrow();
    }
}
