package io.edgetally.io.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts pulses on one GPIO input (a kWh meter's S0 output): each change to the active level is one pulse,
 * unless it comes less than {@code debounce} after the previous counted one (contact bounce; the S0 standard's
 * pulses are at least 30 ms long). The count is an atomic counter bumped on Pi4J's event thread, so the
 * control loop can read it at any moment without missing or double-counting a pulse. Get one from
 * {@link GpioBoard#pulseCounter}.
 */
public final class PulseCounter {

    private final GpioPin pin;
    private final long debounceNanos;
    private final Clock clock;
    private final AtomicLong pulses = new AtomicLong();
    private final AtomicLong bounced = new AtomicLong();
    /** when the last counted pulse began, in clock nanos; touched only on the event thread */
    private long lastPulseNanos = Long.MIN_VALUE;
    private DigitalState lastLevel;

    PulseCounter(GpioPin pin, DigitalInput input, Duration debounce, Clock clock) {
        this.pin = pin;
        this.debounceNanos = debounce.toNanos();
        this.clock = clock;
        this.lastLevel = input.state();
        input.addListener(this::onChange);
    }

    private synchronized void onChange(DigitalStateChangeEvent<?> event) {
        DigitalState level = event.state();
        boolean rising = pin.polarity().isActive(level) && !pin.polarity().isActive(lastLevel);
        lastLevel = level;
        if (!rising) {
            return;
        }
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (lastPulseNanos != Long.MIN_VALUE && nanos - lastPulseNanos < debounceNanos) {
            bounced.incrementAndGet();
            return;
        }
        lastPulseNanos = nanos;
        pulses.incrementAndGet();
    }

    public String name() {
        return pin.name();
    }

    /** Pulses counted since this counter was made. */
    public long count() {
        return pulses.get();
    }

    /** Edges ignored as contact bounce; a growing number points at a noisy line or too long a debounce. */
    public long bounced() {
        return bounced.get();
    }

    @Override
    public String toString() {
        return pin.describe("pulse input");
    }
}
