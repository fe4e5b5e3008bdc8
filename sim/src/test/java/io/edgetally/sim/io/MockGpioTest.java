package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.gpio.Relay;
import org.junit.jupiter.api.Test;

/** The simulator sees the controller's relays and drives its inputs through Pi4J's mock pins. */
class MockGpioTest {

    @Test
    void theSimulatorSeesRelayLevelsAndDrivesInputs() {
        try (MockGpio gpio = new MockGpio()) {
            Relay heater = gpio.board().relay("heater", 17, Polarity.ACTIVE_LOW);
            DigitalIn airflow = gpio.board().input("fan airflow", 22, Polarity.ACTIVE_LOW);

            assertThat(gpio.outputHigh(17)).as("active-low relay off = pin high").isTrue();
            heater.set(true);
            assertThat(gpio.outputHigh(17)).isFalse();

            gpio.driveInput(22, false);
            assertThat(airflow.isActive()).isTrue();
            gpio.driveInput(22, true);
            assertThat(airflow.isActive()).isFalse();
        }
    }

    @Test
    void askingForAPinNobodyOpenedNamesWhatIsOpen() {
        try (MockGpio gpio = new MockGpio()) {
            gpio.board().relay("heater", 17, Polarity.ACTIVE_LOW);
            assertThatThrownBy(() -> gpio.outputHigh(5)).hasMessageContaining("pin 5", "relay-gpio17");
        }
    }
}
