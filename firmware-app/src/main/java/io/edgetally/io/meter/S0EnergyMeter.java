package io.edgetally.io.meter;

import io.edgetally.io.gpio.PulseCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A kWh meter read through its S0 pulse output (DIN 43864 / EN 62053-31): {@code pulsesPerKwh} pulses per kWh
 * (printed on the meter, e.g. 1000 imp/kWh) counted on a GPIO input by a {@link PulseCounter}.
 *
 * <p>The meter has no register to read back, so the cumulative count is this class's to keep: it lives in a
 * small file in the data folder ({@link PulseCountFile}), written before any reading that includes new pulses
 * is returned. A reading once reported is therefore never lost to a restart, and the ledger never sees the
 * counter go backwards; pulses that arrive after the last save and before a power cut are lost (at most one
 * control cycle's worth), which under-books energy rather than inventing it. A file that cannot be written
 * makes the read fail, naming the file. Power is the pulse rate since the previous read, for display only.
 * Not thread-safe: one control loop owns it (the counter itself is safe to bump from Pi4J's thread).
 */
public final class S0EnergyMeter implements EnergyMeter {

    private final String meterId;
    private final PulseCounter counter;
    private final double pulsesPerKwh;
    private final PulseCountFile file;
    private final Clock clock;
    private final long savedAtStart;
    private long lastSaved;
    private long lastTotal;
    private Instant lastReadAt;

    /**
     * @param name      the meter's name in the config; with the pin it makes the meter id
     * @param stateFile where the cumulative pulse count is kept, e.g. {@code /var/lib/edgetally/s0-barn.count}
     */
    public S0EnergyMeter(String name, PulseCounter counter, double pulsesPerKwh, Path stateFile, Clock clock) {
        if (!(pulsesPerKwh > 0 && Double.isFinite(pulsesPerKwh))) {
            throw new IllegalArgumentException("S0 meter '" + name + "': pulses per kWh must be positive, got "
                    + pulsesPerKwh);
        }
        this.meterId = "S0:" + name;
        this.counter = counter;
        this.pulsesPerKwh = pulsesPerKwh;
        this.file = new PulseCountFile(stateFile);
        this.clock = clock;
        try {
            this.savedAtStart = file.load();
        } catch (IOException e) {
            throw new UncheckedIOException("S0 meter '" + name + "': cannot read its pulse count: " + e.getMessage(), e);
        }
        this.lastSaved = savedAtStart;
        this.lastTotal = savedAtStart;
    }

    /** All pulses this meter has counted, across restarts. */
    public long totalPulses() {
        return savedAtStart + counter.count();
    }

    @Override
    public MeterReading read() {
        Instant now = clock.instant();
        long total = totalPulses();
        if (total != lastSaved) {
            try {
                file.save(total);
                lastSaved = total;
            } catch (IOException e) {
                return new MeterReading.Failed(meterId, "cannot save the pulse count of " + describe() + " to "
                        + file.path() + ": " + e.getMessage() + " (a count not saved could be lost on restart)", now);
            }
        }
        double powerW = 0;
        if (lastReadAt != null) {
            Duration dt = Duration.between(lastReadAt, now);
            if (dt.toMillis() > 0) {
                powerW = (total - lastTotal) / pulsesPerKwh * 3_600_000.0 / (dt.toMillis() / 1000.0);
            }
        }
        lastReadAt = now;
        lastTotal = total;
        return new MeterReading.Ok(meterId, total / pulsesPerKwh, powerW, now);
    }

    @Override
    public String model() {
        return "S0 pulse meter (" + pulsesPerKwh + " pulses/kWh)";
    }

    @Override
    public String describe() {
        return "S0 meter " + counter + " at " + pulsesPerKwh + " pulses/kWh";
    }

    @Override
    public void close() {
        // the counter's pin belongs to the GPIO board, which releases it
    }
}
