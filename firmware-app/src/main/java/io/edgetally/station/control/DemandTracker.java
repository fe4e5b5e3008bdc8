package io.edgetally.station.control;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The month's peak demand, as the utility bills it: the highest average import over aligned intervals (15 minutes
 * by default), from the revenue meter's counter. Resets when the local month changes.
 */
public final class DemandTracker {

    private final Duration interval;
    private final ZoneId zone;
    private YearMonth month;
    private double monthPeakKw;
    private Instant intervalStart;
    private Instant firstReadAt;
    private double firstKwh;

    public DemandTracker(Duration interval, ZoneId zone, double restoredMonthPeakKw, YearMonth restoredMonth) {
        this.interval = interval;
        this.zone = zone;
        this.month = restoredMonth;
        this.monthPeakKw = restoredMonthPeakKw;
    }

    /**
     * Feeds one meter reading; returns the new month peak when a closed interval raised it.
     */
    public Optional<Double> onReading(Instant at, double importKwh) {
        Instant start = alignedStart(at);
        Optional<Double> raised = Optional.empty();
        if (intervalStart == null || !start.equals(intervalStart)) {
            if (intervalStart != null && firstReadAt != null) {
                double hours = Duration.between(firstReadAt, at).toMillis() / 3_600_000.0;
                // an interval seen only partly (start-up, meter outage) still counts, as an average over what was seen
                if (hours > 0 && hours <= 2 * interval.toMillis() / 3_600_000.0) {
                    double kw = Math.max(0, importKwh - firstKwh) / hours;
                    YearMonth intervalMonth = YearMonth.from(intervalStart.atZone(zone));
                    rollMonth(intervalMonth);
                    if (kw > monthPeakKw + 1e-9) {
                        monthPeakKw = kw;
                        raised = Optional.of(kw);
                    }
                }
            }
            intervalStart = start;
            firstReadAt = at;
            firstKwh = importKwh;
        } else if (firstReadAt == null) {
            firstReadAt = at;
            firstKwh = importKwh;
        }
        rollMonth(YearMonth.from(at.atZone(zone)));
        return raised;
    }

    /** The meter could not be read: the interval in progress is not booked. */
    public void onMissingReading() {
        firstReadAt = null;
    }

    public double monthPeakKw() {
        return monthPeakKw;
    }

    public YearMonth month() {
        return month;
    }

    private void rollMonth(YearMonth m) {
        if (!m.equals(month) && m.isAfter(month)) {
            month = m;
            monthPeakKw = 0;
        }
    }

    private Instant alignedStart(Instant at) {
        long seconds = interval.toSeconds();
        long local = at.atZone(zone).toLocalDateTime().toEpochSecond(java.time.ZoneOffset.UTC);
        long aligned = local - Math.floorMod(local, seconds);
        return at.minusSeconds(local - aligned).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
