package io.edgetally.io.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.modbus.RegisterField.Encoding;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterPlannerTest {

    private static RegisterField input(int address) {
        return new RegisterField("f" + address, RegisterKind.INPUT, address, Encoding.FLOAT32);
    }

    @Test
    void nearbyFieldsShareOneRequest() {
        assertThat(RegisterPlanner.plan(1, List.of(input(0x48), input(0x34), input(0x4A)), 64, 80))
                .containsExactly(new RegisterBlock(1, RegisterKind.INPUT, 0x34, 0x4C - 0x34));
    }

    @Test
    void aGapWiderThanAllowedSplitsTheRequest() {
        assertThat(RegisterPlanner.plan(3, List.of(input(0x2004), input(0x4000)), 0, 40)).containsExactly(
                new RegisterBlock(3, RegisterKind.INPUT, 0x2004, 2), new RegisterBlock(3, RegisterKind.INPUT, 0x4000, 2));
    }

    @Test
    void adjacentFieldsJoinEvenWithNoGapAllowed() {
        assertThat(RegisterPlanner.plan(1, List.of(input(0), input(2)), 0, 40))
                .containsExactly(new RegisterBlock(1, RegisterKind.INPUT, 0, 4));
    }

    @Test
    void theRequestSizeLimitSplitsLongRuns() {
        assertThat(RegisterPlanner.plan(1, List.of(input(0), input(10), input(20)), 64, 12)).containsExactly(
                new RegisterBlock(1, RegisterKind.INPUT, 0, 12), new RegisterBlock(1, RegisterKind.INPUT, 20, 2));
    }

    @Test
    void inputAndHoldingRegistersAreNeverMixed() {
        RegisterField serial = new RegisterField("serial", RegisterKind.HOLDING, 0x48, Encoding.UINT32);
        assertThat(RegisterPlanner.plan(1, List.of(input(0x48), serial), 64, 80)).containsExactlyInAnyOrder(
                new RegisterBlock(1, RegisterKind.INPUT, 0x48, 2), new RegisterBlock(1, RegisterKind.HOLDING, 0x48, 2));
    }
}
