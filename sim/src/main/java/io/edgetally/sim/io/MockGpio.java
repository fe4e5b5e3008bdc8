package io.edgetally.sim.io;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.GpioOpener;

/**
 * The simulated barn's side of the GPIO header: a Pi4J context on the mock providers only (no detection of real
 * hardware), the {@link GpioBoard} the controller drives, and the simulator's hands on the pins: read the level
 * of an output (is the heater relay pulled in?) and drive the level of an input (is the fan's airflow switch
 * closed?). Levels are raw pin levels; polarity is the controller's business, as on a real board.
 */
public final class MockGpio implements AutoCloseable {

    private final Context context;
    private final GpioBoard board;
    private final java.util.Map<String, Object> found = new java.util.concurrent.ConcurrentHashMap<>();

    public MockGpio() {
        this.context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
                .build();
        this.board = new GpioBoard(context, GpioBoard.MOCK_OUTPUT, GpioBoard.MOCK_INPUT);
    }

    public Context context() {
        return context;
    }

    /** The board the controller creates its relays and inputs on. */
    public GpioBoard board() {
        return board;
    }

    /** Whether the output on {@code bcmPin} is at the high level now. */
    public boolean outputHigh(int bcmPin) {
        return find(DigitalOutput.class, bcmPin, "output").state() == DigitalState.HIGH;
    }

    /** Whether a controller has the output on {@code bcmPin} open now (not while it is down). */
    public boolean outputOpen(int bcmPin) {
        return isOpen(DigitalOutput.class, bcmPin, "output");
    }

    /** Whether a controller has the input on {@code bcmPin} open now. */
    public boolean inputOpen(int bcmPin) {
        return isOpen(DigitalInput.class, bcmPin, "input");
    }

    private <T extends Digital<?, ?, ?>> boolean isOpen(Class<T> type, int bcmPin, String what) {
        if (type.isInstance(found.get(what + bcmPin))) {
            return true;
        }
        return context.registry().allByType(type).values().stream()
                .anyMatch(io -> io.config() instanceof com.pi4j.config.AddressConfig<?> c
                        && c.address() != null && c.address() == bcmPin);
    }

    /** Puts the input on {@code bcmPin} at the given level, as the wiring outside would. */
    public void driveInput(int bcmPin, boolean high) {
        DigitalInput input = find(DigitalInput.class, bcmPin, "input");
        if (!(input instanceof MockDigitalInput mock)) {
            throw new IllegalStateException("GPIO " + bcmPin + " input is not a mock pin: " + input.getClass());
        }
        mock.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    private <T extends Digital<?, ?, ?>> T find(Class<T> type, int bcmPin, String what) {
        // The simulator asks every cycle; the registry lookup is a stream over all pins, so remember the answer.
        Object cached = found.get(what + bcmPin);
        if (type.isInstance(cached)) {
            return type.cast(cached);
        }
        T pin = lookup(type, bcmPin, what);
        found.put(what + bcmPin, pin);
        return pin;
    }

    private <T extends Digital<?, ?, ?>> T lookup(Class<T> type, int bcmPin, String what) {
        return context.registry().allByType(type).values().stream()
                .filter(io -> io.config() instanceof com.pi4j.config.AddressConfig<?> c
                        && c.address() != null && c.address() == bcmPin)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no GPIO " + what + " has been opened on pin "
                        + bcmPin + "; opened: " + context.registry().all().keySet()));
    }

    /**
     * Opens a fresh board on these mock pins each time a controller starts, as a Pi's service opens its GPIO at every
     * boot; the controller closes it when it stops (the pins go back to their off level), the context stays.
     */
    public GpioOpener opener() {
        return provider -> {
            found.clear(); // the pins a stopped controller had are gone; look them up again
            return new GpioOpener.Opened(new GpioBoard(context, GpioBoard.MOCK_OUTPUT, GpioBoard.MOCK_INPUT),
                    found::clear);
        };
    }

    /** Releases the pins (relays go to their off level) and shuts the context down. */
    @Override
    public void close() {
        board.close();
        context.shutdown();
    }
}
