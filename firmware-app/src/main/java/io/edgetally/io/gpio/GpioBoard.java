package io.edgetally.io.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Creates relays and inputs by BCM pin number on a Pi4J {@link Context} the application built, with the
 * provider it chose: {@code "gpiod-digital-output"}/{@code "gpiod-digital-input"} on a real Pi (the GPIO
 * character device, which works on the Pi 5 as on older boards), {@code "mock-digital-output"}/
 * {@code "mock-digital-input"} in the simulator and tests. One pin serves one purpose: a second use of a pin is
 * refused with both names. {@link #close()} returns every output to its off level and releases the pins.
 */
public final class GpioBoard implements AutoCloseable {

    public static final String GPIOD_OUTPUT = "gpiod-digital-output";
    public static final String GPIOD_INPUT = "gpiod-digital-input";
    public static final String MOCK_OUTPUT = "mock-digital-output";
    public static final String MOCK_INPUT = "mock-digital-input";

    private final Context context;
    private final String outputProvider;
    private final String inputProvider;
    private final Map<Integer, String> pinUsers = new HashMap<>();
    private final List<String> createdIds = new ArrayList<>();
    private final List<Pi4jRelay> relays = new ArrayList<>();

    public GpioBoard(Context context, String outputProvider, String inputProvider) {
        this.context = context;
        this.outputProvider = outputProvider;
        this.inputProvider = inputProvider;
    }

    /** A relay, off now and off again at shutdown. */
    public synchronized Relay relay(String name, int bcmPin, Polarity polarity) {
        GpioPin pin = new GpioPin(name, bcmPin, polarity);
        DigitalOutput output = open("relay", pin, outputProvider, id -> context.create(
                DigitalOutput.newConfigBuilder(context)
                        .id(id)
                        .name(name)
                        .address(bcmPin)
                        .initial(polarity.levelFor(false))
                        .shutdown(polarity.levelFor(false))
                        .provider(outputProvider)));
        Pi4jRelay relay = new Pi4jRelay(pin, output);
        relays.add(relay);
        return relay;
    }

    /** A contact input; active-low inputs get the pull-up, active-high ones the pull-down. */
    public synchronized DigitalIn input(String name, int bcmPin, Polarity polarity) {
        GpioPin pin = new GpioPin(name, bcmPin, polarity);
        DigitalInput input = open("input", pin, inputProvider, id -> context.create(inputConfig(id, pin)));
        return new Pi4jDigitalIn(pin, input);
    }

    /**
     * A pulse counter (a kWh meter's S0 output) on an input; Pi4J is asked to debounce in the kernel where the
     * provider can, and the counter debounces again in software for providers that cannot.
     */
    public synchronized PulseCounter pulseCounter(String name, int bcmPin, Polarity polarity, Duration debounce,
            Clock clock) {
        GpioPin pin = new GpioPin(name, bcmPin, polarity);
        DigitalInput input = open("pulse", pin, inputProvider, id -> context.create(
                inputConfig(id, pin).debounce(debounce.toNanos() / 1000, TimeUnit.MICROSECONDS)));
        return new PulseCounter(pin, input, debounce, clock);
    }

    /** An input with the pull resistor its polarity needs: active-low gets the pull-up, active-high the pull-down. */
    private DigitalInputConfigBuilder inputConfig(String id, GpioPin pin) {
        return DigitalInput.newConfigBuilder(context)
                .id(id)
                .name(pin.name())
                .address(pin.bcmPin())
                .pull(pin.polarity() == Polarity.ACTIVE_LOW ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                .provider(inputProvider);
    }

    /**
     * Claims the pin for {@code name} and creates its Pi4J I/O under the id {@code kind-gpioN}; a failure releases
     * the claim and names the pin, the purpose and the provider.
     */
    private <T> T open(String kind, GpioPin pin, String provider, Function<String, T> create) {
        String name = pin.name();
        int bcmPin = pin.bcmPin();
        claim(name, bcmPin);
        String id = kind + "-gpio" + bcmPin;
        T io;
        try {
            io = create.apply(id);
        } catch (RuntimeException e) {
            pinUsers.remove(bcmPin);
            throw new IllegalStateException("cannot open " + (kind.equals("pulse") ? "pulse input" : kind) + " '"
                    + name + "' on GPIO " + bcmPin + " with provider " + provider + ": " + e.getMessage(), e);
        }
        createdIds.add(id);
        return io;
    }

    private void claim(String name, int bcmPin) {
        if (bcmPin < 0 || bcmPin > 27) {
            throw new IllegalArgumentException("'" + name + "': BCM GPIO number must be 0..27, got " + bcmPin);
        }
        String user = pinUsers.putIfAbsent(bcmPin, name);
        if (user != null) {
            throw new IllegalArgumentException("GPIO " + bcmPin + " is already used by '" + user
                    + "', cannot also use it for '" + name + "'");
        }
    }

    @Override
    public synchronized void close() {
        for (Pi4jRelay relay : relays) {
            try {
                relay.set(false);
            } catch (IllegalStateException e) {
                // pin already gone; Pi4J's shutdown level still applies
            }
        }
        for (String id : createdIds.reversed()) {
            if (!context.isShutdown() && context.registry().exists(id)) {
                context.shutdown(id);
            }
        }
        createdIds.clear();
        relays.clear();
        pinUsers.clear();
    }
}
