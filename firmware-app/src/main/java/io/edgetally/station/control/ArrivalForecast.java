package io.edgetally.station.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Expected truck arrivals: starts from the configured daily profile and learns each local hour's count from fully
 * observed days (exponentially weighted), and learns the SOC packs come back with.
 */
public final class ArrivalForecast {

    private static final double DAY_WEIGHT = 0.25;
    private static final double SOC_WEIGHT = 0.05;

    private final ZoneId zone;
    private final double[] learnedPerHour = new double[24];
    private final double[] todayCounts = new double[24];
    private LocalDate today;
    private boolean todayFullyObserved;
    private double returnSoc;

    public ArrivalForecast(DailyProfile configured, ZoneId zone, double expectedReturnSoc) {
        this.zone = zone;
        for (int h = 0; h < 24; h++) {
            learnedPerHour[h] = configured.arrivalsPerHour().get(h);
        }
        this.returnSoc = expectedReturnSoc;
    }

    /** Moves the forecast's day forward; a day seen from its start to its end is learned when it closes. */
    public void advanceTo(Instant now) {
        LocalDate date = now.atZone(zone).toLocalDate();
        if (today == null) {
            today = date;
            todayFullyObserved = false;
            return;
        }
        if (!date.equals(today)) {
            if (todayFullyObserved && date.equals(today.plusDays(1))) {
                for (int h = 0; h < 24; h++) {
                    learnedPerHour[h] = (1 - DAY_WEIGHT) * learnedPerHour[h] + DAY_WEIGHT * todayCounts[h];
                }
            }
            java.util.Arrays.fill(todayCounts, 0);
            todayFullyObserved = date.equals(today.plusDays(1));
            today = date;
        }
    }

    /** Counts a truck's arrival (from a booked swap) and learns the SOC its pack came back with. */
    public void observe(Instant arrivedAt, double returnedSoc) {
        ZonedDateTime local = arrivedAt.atZone(zone);
        if (local.toLocalDate().equals(today)) {
            todayCounts[local.getHour()] += 1;
        }
        returnSoc = (1 - SOC_WEIGHT) * returnSoc + SOC_WEIGHT * returnedSoc;
    }

    public double expectedReturnSoc() {
        return returnSoc;
    }

    public double ratePerHour(Instant at) {
        return learnedPerHour[at.atZone(zone).getHour()];
    }

    /**
     * Planning times of the next arrivals: the k-th arrival is assumed when the expected count reaches
     * k - safety * sqrt(min(k, bandArrivals)) at the forecast rate times {@code rateMargin}, so packs are ready
     * somewhat before trucks usually come. The band is a Poisson count's lower band for the next few trucks and a
     * constant lead after them: the plan is made again every cycle, so what service needs is a few packs ready
     * early now, not a day of trucks imagined ever earlier (which pulls charging out of cheap hours).
     */
    public List<Instant> arrivalTimes(Instant now, Instant until, double safety, double rateMargin,
                                      double bandArrivals) {
        List<Instant> times = new ArrayList<>();
        double cumulative = 0;
        Instant segmentStart = now;
        int k = 1;
        while (segmentStart.isBefore(until)) {
            ZonedDateTime local = segmentStart.atZone(zone);
            Instant segmentEnd = local.withMinute(0).withSecond(0).withNano(0).plusHours(1).toInstant();
            if (segmentEnd.isAfter(until)) {
                segmentEnd = until;
            }
            double rate = learnedPerHour[local.getHour()] * rateMargin;
            double hours = Duration.between(segmentStart, segmentEnd).toMillis() / 3_600_000.0;
            double segmentEndCount = cumulative + rate * hours;
            while (true) {
                double threshold = Math.max(0, k - safety * Math.sqrt(Math.min(k, bandArrivals)));
                if (threshold > segmentEndCount) {
                    break;
                }
                double intoSegmentHours = rate > 0 ? Math.max(0, threshold - cumulative) / rate : 0;
                times.add(segmentStart.plusMillis((long) (intoSegmentHours * 3_600_000)));
                k++;
            }
            cumulative = segmentEndCount;
            segmentStart = segmentEnd;
        }
        return times;
    }
}
