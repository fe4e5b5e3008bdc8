package io.edgetally.io.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Relays and inputs through Pi4J's mock provider: the pin levels a relay board or a switch would see. */
class GpioBoardTest {

    private final Context context = Pi4J.newContextBuilder()
            .noAutoDetect()
            .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
            .build();
    private final GpioBoard board = new GpioBoard(context, GpioBoard.MOCK_OUTPUT, GpioBoard.MOCK_INPUT);

    @AfterEach
    void shutdown() {
        board.close();
        context.shutdown();
    }

    private DigitalState pin(String id) {
        return context.<DigitalOutput>io(id).state();
    }

    @Test
    void anActiveLowRelayBoardIsDrivenLowToSwitchOnAndStartsHigh() {
        Relay heater = board.relay("heater stage 1", 17, Polarity.ACTIVE_LOW);
        assertThat(heater.isOn()).isFalse();
        assertThat(pin("relay-gpio17")).isEqualTo(DigitalState.HIGH);

        heater.set(true);
        assertThat(heater.isOn()).isTrue();
        assertThat(pin("relay-gpio17")).isEqualTo(DigitalState.LOW);

        heater.set(false);
        assertThat(pin("relay-gpio17")).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void anActiveHighRelayIsDrivenHighToSwitchOn() {
        Relay fan = board.relay("circulation fan", 27, Polarity.ACTIVE_HIGH);
        assertThat(pin("relay-gpio27")).isEqualTo(DigitalState.LOW);
        fan.set(true);
        assertThat(pin("relay-gpio27")).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void closingTheBoardSwitchesEveryRelayOff() {
        Relay heater = board.relay("heater", 5, Polarity.ACTIVE_LOW);
        heater.set(true);
        DigitalOutput output = context.io("relay-gpio5");

        board.close();
        assertThat(output.state()).isEqualTo(DigitalState.HIGH);
        assertThat(context.registry().exists("relay-gpio5")).isFalse();
    }

    @Test
    void inputsApplyTheirPolarity() {
        DigitalIn airflow = board.input("fan airflow switch", 22, Polarity.ACTIVE_LOW);
        DigitalIn door = board.input("door closed", 23, Polarity.ACTIVE_HIGH);
        MockDigitalInput airflowPin = context.io("input-gpio22");
        MockDigitalInput doorPin = context.io("input-gpio23");

        airflowPin.mockState(DigitalState.LOW);
        doorPin.mockState(DigitalState.LOW);
        assertThat(airflow.isActive()).isTrue();
        assertThat(door.isActive()).isFalse();

        airflowPin.mockState(DigitalState.HIGH);
        doorPin.mockState(DigitalState.HIGH);
        assertThat(airflow.isActive()).isFalse();
        assertThat(door.isActive()).isTrue();
    }

    @Test
    void aPinServesOnePurposeAndBadPinsAreNamed() {
        board.relay("heater", 6, Polarity.ACTIVE_LOW);
        assertThatThrownBy(() -> board.input("door", 6, Polarity.ACTIVE_LOW))
                .hasMessageContaining("GPIO 6 is already used by 'heater'", "'door'");
        assertThatThrownBy(() -> board.relay("damper", 40, Polarity.ACTIVE_LOW))
                .hasMessageContaining("'damper'", "0..27", "40");
    }

    @Test
    void anUnknownProviderIsAClearError() {
        GpioBoard wrong = new GpioBoard(context, "gpiod-digital-output", GpioBoard.MOCK_INPUT);
        assertThatThrownBy(() -> wrong.relay("heater", 12, Polarity.ACTIVE_LOW))
                .hasMessageContaining("relay 'heater' on GPIO 12", "gpiod-digital-output");
    }
}
