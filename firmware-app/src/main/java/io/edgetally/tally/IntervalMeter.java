package io.edgetally.tally;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.tally.ReadingCheck.Status;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the meter's cumulative register into closed spans to book, with every reading checked first. Pure logic
 * over (reading, state): no I/O, no clock. The span being accumulated starts at the <em>anchor</em>, the last
 * reading already booked up to; a span is closed by the first accepted reading in a later interval, so each
 * record runs from one real reading to the next booked one and consecutive records meet exactly.
 *
 * <p>Conservative by construction: a gap of failed or rejected readings books nothing until a later accepted
 * reading spans it, and then the whole span's energy goes into the interval where it closes, with the span's true
 * start. Nothing is interpolated or booked twice. A reading that passes its checks is used only once the next
 * reading (within one interval) agrees with it, so a single wrong value that happens to look plausible (after a
 * long outage, say) never becomes a booked boundary. A new meter id or a reset register is believed only after
 * {@link MeterConfig#confirmAfter()} consecutive consistent readings; the old span closes at its last good reading
 * and the energy in between (unmeasured) is not booked.
 */
final class IntervalMeter {

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    /** What one reading did: spans closed for booking, the verdict on the reading, and whether the anchor moved. */
    record Step(List<BookedSpan> spans, ReadingCheck check, boolean anchorMoved) {}

    private final MeterConfig config;
    private Optional<RegisterReading> anchor;
    private Optional<RegisterReading> latest;
    private BigDecimal spanEnergyKwh = BigDecimal.ZERO;
    private final List<RegisterReading> suspects = new ArrayList<>();
    /** The newest reading that passed its checks, booked from only once the next reading agrees with it. */
    private Optional<RegisterReading> candidate = Optional.empty();

    IntervalMeter(MeterConfig config, Optional<RegisterReading> anchor) {
        this.config = config;
        this.anchor = anchor;
        this.latest = anchor;
    }

    Optional<RegisterReading> anchor() {
        return anchor;
    }

    Optional<RegisterReading> latest() {
        return latest;
    }

    Step onReading(MeterReading reading) {
        return switch (reading) {
            case MeterReading.Failed f -> reject(Status.FAILED, f.reason());
            case MeterReading.Ok ok -> onValue(ok);
        };
    }

    private Step onValue(MeterReading.Ok ok) {
        if (!Double.isFinite(ok.importKwh()) || ok.importKwh() < 0
                || BigDecimal.valueOf(ok.importKwh()).compareTo(config.rolloverKwh()) >= 0) {
            return reject(Status.IMPLAUSIBLE, "register value " + ok.importKwh() + " kWh of meter " + ok.meterId()
                    + " is outside 0.." + config.rolloverKwh().toPlainString());
        }
        RegisterReading r = new RegisterReading(ok.meterId(), BigDecimal.valueOf(ok.importKwh()), ok.at());
        List<BookedSpan> spans = new ArrayList<>();
        boolean moved = false;
        if (candidate.isPresent()) {
            RegisterReading c = candidate.get();
            candidate = Optional.empty();
            if (step(c, r).filter(d -> !Duration.between(c.at(), r.at()).minus(config.interval()).isPositive())
                    .isPresent()) {
                moved = confirm(c, spans);
            }
        }
        if (latest.isEmpty()) {
            candidate = Optional.of(r);
            return new Step(spans, new ReadingCheck(Status.FIRST, "first reading " + describe(r)
                    + ", counted from once the next reading agrees"), moved);
        }
        RegisterReading last = latest.get();
        if (!r.at().isAfter(last.at())) {
            return new Step(spans, new ReadingCheck(Status.NOT_LATER, "reading at " + r.at()
                    + " is not after the last accepted one at " + last.at()), moved);
        }
        if (!r.meterId().equals(last.meterId())) {
            return suspect(r, Status.OTHER_METER, "meter " + r.meterId() + " answers instead of " + last.meterId(),
                    spans, moved);
        }
        BigDecimal delta = r.kwh().subtract(last.kwh());
        boolean wrapped = delta.signum() < 0;
        if (step(last, r).isEmpty()) {
            BigDecimal limit = limit(last.at(), r.at());
            return wrapped
                    ? suspect(r, Status.BACKWARDS, "register went back from " + last.kwh().toPlainString() + " to "
                            + r.kwh().toPlainString() + " kWh", spans, moved)
                    : suspect(r, Status.IMPLAUSIBLE, "step of " + delta.toPlainString() + " kWh in "
                            + Duration.between(last.at(), r.at()).toSeconds() + " s exceeds " + config.maxPowerKw()
                            + " kW (at most " + limit.setScale(3, RoundingMode.UP).toPlainString() + " kWh)",
                            spans, moved);
        }
        suspects.clear();
        candidate = Optional.of(r);
        BigDecimal possible = limit(last.at(), r.at());
        ReadingCheck check = possible.compareTo(config.rolloverKwh()) >= 0
                ? new ReadingCheck(Status.UNCERTAIN_GAP, "no reading accepted for "
                        + Duration.between(last.at(), r.at()).toMinutes() + " min: the site could have drawn up to "
                        + possible.setScale(0, RoundingMode.UP).toPlainString() + " kWh, more than the register's "
                        + config.rolloverKwh().toPlainString() + " kWh, so it may have wrapped unseen; "
                        + (wrapped ? delta.add(config.rolloverKwh()) : delta).toPlainString()
                        + " kWh counted, the least it can have been")
                : wrapped
                ? new ReadingCheck(Status.ROLLOVER, "register wrapped at " + config.rolloverKwh().toPlainString()
                        + " kWh: " + last.kwh().toPlainString() + " -> " + r.kwh().toPlainString())
                : new ReadingCheck(Status.ACCEPTED, describe(r));
        return new Step(spans, check, moved);
    }

    /**
     * The energy from {@code a} to {@code b} of the same meter (allowing one register wrap), if the site could
     * have drawn it in the time between; empty for a step that cannot be real.
     */
    private Optional<BigDecimal> step(RegisterReading a, RegisterReading b) {
        if (!a.meterId().equals(b.meterId()) || !b.at().isAfter(a.at())) {
            return Optional.empty();
        }
        BigDecimal delta = b.kwh().subtract(a.kwh());
        if (delta.signum() < 0) {
            delta = delta.add(config.rolloverKwh());
        }
        return delta.compareTo(limit(a.at(), b.at())) <= 0 ? Optional.of(delta) : Optional.empty();
    }

    /**
     * Makes a corroborated reading the latest one, closing the span if it lies in a later interval than the
     * anchor. Returns whether the anchor moved.
     */
    private boolean confirm(RegisterReading c, List<BookedSpan> spans) {
        if (latest.isEmpty()) {
            anchor = Optional.of(c);
            latest = anchor;
            return true;
        }
        BigDecimal delta = step(latest.get(), c).orElseThrow();
        int before = spans.size();
        if (spanEnergyKwh.add(delta).compareTo(config.rolloverKwh()) >= 0) {
            closeAtLatest().ifPresent(spans::add); // a span must not wrap the register twice
        }
        latest = Optional.of(c);
        spanEnergyKwh = spanEnergyKwh.add(delta);
        if (intervalOf(c.at()) > intervalOf(anchor.orElseThrow().at())) {
            spans.add(new BookedSpan(anchor.orElseThrow(), c, config.rolloverKwh()));
            anchor = latest;
            spanEnergyKwh = BigDecimal.ZERO;
        }
        return spans.size() > before;
    }

    /** Closes the open span at the last accepted reading (batch end); empty if nothing has accrued since. */
    Optional<BookedSpan> flush() {
        return closeAtLatest();
    }

    private Optional<BookedSpan> closeAtLatest() {
        if (anchor.isEmpty() || !latest.orElseThrow().at().isAfter(anchor.get().at())) {
            return Optional.empty();
        }
        BookedSpan span = new BookedSpan(anchor.get(), latest.get(), config.rolloverKwh());
        anchor = latest;
        spanEnergyKwh = BigDecimal.ZERO;
        return Optional.of(span);
    }

    /** A reading that does not follow the last good one; enough consistent ones in a row mean a new series. */
    private Step suspect(RegisterReading r, Status status, String why, List<BookedSpan> spans, boolean moved) {
        if (!suspects.isEmpty() && step(suspects.getLast(), r).isEmpty()) {
            suspects.clear();
        }
        suspects.add(r);
        if (suspects.size() < config.confirmAfter()) {
            return new Step(spans, new ReadingCheck(status, why + " (reading held back; " + suspects.size() + " of "
                    + config.confirmAfter() + " consistent readings to start a new series)"), moved);
        }
        closeAtLatest().ifPresent(spans::add);
        boolean sameMeter = r.meterId().equals(latest.orElseThrow().meterId());
        anchor = Optional.of(suspects.getFirst());
        latest = Optional.of(suspects.getLast());
        BigDecimal accrued = latest.get().kwh().subtract(anchor.get().kwh());
        spanEnergyKwh = accrued.signum() < 0 ? accrued.add(config.rolloverKwh()) : accrued;
        suspects.clear();
        Status outcome = sameMeter ? Status.REGISTER_RESET : Status.METER_REPLACED;
        return new Step(spans, new ReadingCheck(outcome, why + ": confirmed by " + config.confirmAfter()
                + " consistent readings; counting afresh from " + describe(anchor.get())), true);
    }

    /** The most energy the site can draw between two instants, plus the register's resolution. */
    private BigDecimal limit(Instant from, Instant to) {
        BigDecimal millis = BigDecimal.valueOf(Duration.between(from, to).toMillis());
        return config.maxPowerKw().multiply(millis).divide(MILLIS_PER_HOUR, MathContext.DECIMAL64)
                .add(config.toleranceKwh());
    }

    long intervalOf(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), config.interval().toMillis());
    }

    private static Step reject(Status status, String why) {
        return new Step(List.of(), new ReadingCheck(status, why), false);
    }

    private static String describe(RegisterReading r) {
        return r.meterId() + " " + r.kwh().toPlainString() + " kWh at " + r.at();
    }
}
