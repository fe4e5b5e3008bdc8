package io.edgetally.sim.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.BarnRequest;
import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.config.BarnConfig;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.status.ActionResult;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's requests to a running barn, as {@code BarnSite.handle} takes them from any thread: checked against
 * the last published image, queued, and recorded by the control cycle that follows, never by the caller's thread.
 */
class BarnRequestsTest {

    private static final String FAN = "barn.fan.no-airflow";

    @TempDir
    Path dir;

    private SimulatedBarn sim;

    @BeforeEach
    void start() throws Exception {
        sim = new SimulatedBarn(new SimulatedBarn.Options(dir, BarnConfig.Heating.RESISTIVE, "middle-leaf",
                Duration.ofSeconds(15), 5, false, false, Database.Durability.NORMAL)).start();
        sim.operatorConfirms(false);
        for (int i = 0; i < 4; i++) {
            sim.step();
        }
    }

    @AfterEach
    void close() throws Exception {
        sim.close();
    }

    @Test
    void anAcknowledgementIsRecordedByTheNextCycle() throws SQLException {
        sim.barn().inject(BarnFault.FAN_STOP);
        for (int i = 0; i < 4 && !sim.site().image().alarms().stream().anyMatch(a -> a.code().equals(FAN)); i++) {
            sim.step();
        }
        assertThat(sim.site().image().alarms()).extracting(a -> a.code()).contains(FAN);

        ActionResult result = sim.site().handle(new BarnRequest.AcknowledgeAlarm(FAN, "op-li"));
        assertThat(result).isInstanceOf(ActionResult.Done.class);
        assertThat(sim.site().image().acknowledgedBy()).as("not before the cycle records it").doesNotContainKey(FAN);
        assertThat(acknowledgements()).isEmpty();

        sim.step();
        assertThat(sim.site().image().acknowledgedBy()).containsEntry(FAN, "op-li");
        assertThat(acknowledgements()).containsExactly(FAN + " by op-li");
    }

    @Test
    void anAlarmThatIsNotActiveIsNotFound() throws SQLException {
        ActionResult result = sim.site().handle(new BarnRequest.AcknowledgeAlarm(FAN, "op-li"));
        assertThat(result).isInstanceOfSatisfying(ActionResult.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ActionResult.Reason.NOT_FOUND));
        sim.step();
        assertThat(acknowledgements()).as("nothing was queued").isEmpty();
    }

    @Test
    void aConfirmationWhileNoStepAwaitsOneIsAConflict() {
        ActionResult result = sim.site().handle(new BarnRequest.Cure(new OperatorCommand.Confirm("op-li")));
        assertThat(result).isInstanceOfSatisfying(ActionResult.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ActionResult.Reason.CONFLICT));
    }

    @Test
    void aScheduleIsNeverSwitchedUnderARunningCure() {
        assertThat(sim.site().handle(new BarnRequest.SwitchSchedule("upper-leaf", "op-li")))
                .isInstanceOfSatisfying(ActionResult.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(ActionResult.Reason.CONFLICT));
        assertThat(sim.site().handle(new BarnRequest.SwitchSchedule("no-such-schedule", "op-li")))
                .isInstanceOfSatisfying(ActionResult.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(ActionResult.Reason.NOT_FOUND));
    }

    @Test
    void anExtensionIsQueuedAndTakenByTheNextCycle() throws SQLException {
        int step = sim.site().image().state().orElseThrow().stepIndex();
        ActionResult result = sim.site().handle(new BarnRequest.Cure(
                new OperatorCommand.Extend(Duration.ofMinutes(30), "op-li")));
        assertThat(result).isInstanceOf(ActionResult.Done.class);
        assertThat(events("operator-extend")).as("queued, not yet taken").isEmpty();
        sim.step();
        assertThat(events("operator-extend")).containsExactly("op-li");
        assertThat(sim.site().image().state().orElseThrow().stepIndex()).isEqualTo(step);
    }

    private List<String> acknowledgements() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = sim.database().connection().prepareStatement(
                "SELECT code, actor FROM events WHERE kind = 'alarm-acknowledged' ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(r.getString(1) + " by " + r.getString(2));
            }
        }
        return rows;
    }

    private List<String> events(String kind) throws SQLException {
        List<String> actors = new ArrayList<>();
        try (PreparedStatement s = sim.database().connection().prepareStatement(
                "SELECT actor FROM events WHERE kind = ? ORDER BY id")) {
            s.setString(1, kind);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    actors.add(r.getString(1));
                }
            }
        }
        return actors;
    }
}
