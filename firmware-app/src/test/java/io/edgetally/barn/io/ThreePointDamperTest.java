package io.edgetally.barn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.io.gpio.Relay;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThreePointDamperTest {

    /** A relay that also plays the motor: records how long it was on, as the real damper's travel would. */
    static final class RecordingRelay implements Relay {
        private final String name;
        boolean on;
        int switchedOnTogetherWithOther;

        RecordingRelay(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void set(boolean on) {
            this.on = on;
        }

        @Override
        public boolean isOn() {
            return on;
        }
    }

    private final Instant t0 = Instant.parse("2026-07-01T00:00:00Z");
    private final RecordingRelay open = new RecordingRelay("damper-open");
    private final RecordingRelay close = new RecordingRelay("damper-close");

    @Test
    void aDamperTakenUpFromItsMemoryGoesOnAsTheOneThatNeverStopped() {
        ThreePointDamper whole = new ThreePointDamper(open, close, Duration.ofSeconds(100), t0);
        RecordingRelay open2 = new RecordingRelay("open-2");
        RecordingRelay close2 = new RecordingRelay("close-2");
        Instant t = t0;
        for (int i = 0; i < 14; i++) {
            whole.drive(i < 12 ? 0.0 : 0.45, t);
            t = t.plusSeconds(10);
        }
        assertThat(open.on).as("test setup: stopped while opening").isTrue();
        // a new process: its damper would drive a full stroke closed; with the memory it carries on opening
        ThreePointDamper restarted = new ThreePointDamper(open2, close2, Duration.ofSeconds(100), t);
        restarted.restore(whole.memory());
        for (int i = 0; i < 10; i++) {
            whole.drive(0.45, t);
            restarted.drive(0.45, t);
            assertThat(open2.on).as("cycle %d", i).isEqualTo(open.on);
            assertThat(close2.on).as("cycle %d", i).isEqualTo(close.on);
            assertThat(restarted.estimatedPosition()).isEqualTo(whole.estimatedPosition());
            t = t.plusSeconds(10);
        }
        assertThat(whole.estimatedPosition()).as("it got there").isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void firstDrivesClosedToLearnThePositionThenOpensToTarget() {
        ThreePointDamper d = new ThreePointDamper(open, close, Duration.ofSeconds(100), t0);
        d.drive(0.0, t0);
        assertThat(close.on).isTrue();
        assertThat(open.on).isFalse();
        // a full stroke plus overdrive later it is known closed and stops
        d.drive(0.0, t0.plusSeconds(110));
        assertThat(d.estimatedPosition()).isEqualTo(0.0);
        assertThat(close.on).isFalse();
        // open to 30 %: 30 s of travel at 10 s cycles
        Instant t = t0.plusSeconds(110);
        for (int i = 0; i < 3; i++) {
            d.drive(0.3, t);
            assertThat(open.on).as("cycle %d", i).isTrue();
            t = t.plusSeconds(10);
        }
        d.drive(0.3, t);
        assertThat(open.on).isFalse();
        assertThat(close.on).isFalse();
        assertThat(d.estimatedPosition()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void neverEnergisesBothRelaysAndStopsOnSafeState() {
        ThreePointDamper d = new ThreePointDamper(open, close, Duration.ofSeconds(60), t0);
        Instant t = t0;
        double[] targets = {0, 1, 0.5, 0, 0.2, 1, 1, 0.9};
        for (double target : targets) {
            d.drive(target, t);
            assertThat(open.on && close.on).isFalse();
            t = t.plusSeconds(15);
        }
        d.stop();
        assertThat(open.on || close.on).isFalse();
    }

    @Test
    void smallCorrectionsInsideTheDeadbandDoNotMoveTheMotor() {
        ThreePointDamper d = new ThreePointDamper(open, close, Duration.ofSeconds(100), t0);
        d.drive(0.0, t0);
        d.drive(0.0, t0.plusSeconds(120));
        d.drive(0.01, t0.plusSeconds(130));
        assertThat(open.on).isFalse();
    }

    @Test
    void rejectsImpossibleTargetsAndStrokes() {
        assertThatThrownBy(() -> new ThreePointDamper(open, close, Duration.ZERO, t0))
                .hasMessageContaining("stroke time must be positive");
        ThreePointDamper d = new ThreePointDamper(open, close, Duration.ofSeconds(60), t0);
        assertThatThrownBy(() -> d.drive(1.5, t0)).hasMessageContaining("[0, 1]");
    }
}
