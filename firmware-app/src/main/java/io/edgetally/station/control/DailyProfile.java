package io.edgetally.station.control;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Expected truck arrivals per local hour of the day: what a station operator knows about its fleet's rhythm.
 *
 * @param arrivalsPerHour expected arrivals in each local hour, index 0 = 00:00-01:00 (24 entries, each >= 0)
 */
public record DailyProfile(List<Double> arrivalsPerHour) {

    public DailyProfile {
        arrivalsPerHour = List.copyOf(arrivalsPerHour);
        if (arrivalsPerHour.size() != 24) {
            throw new IllegalArgumentException("arrival profile: needs 24 hourly values, got "
                    + arrivalsPerHour.size());
        }
        for (int h = 0; h < 24; h++) {
            double v = arrivalsPerHour.get(h);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("arrival profile: hour " + h + " must be finite and >= 0, got " + v);
            }
        }
    }

    /**
     * Sized to the busiest Yibin station (about 12,000 kWh a day, ~53 swaps of a 282 kWh pack): a quiet night, a
     * morning and an afternoon wave, and evening returns.
     */
    public static DailyProfile yibinBusiest() {
        double[] shape = {
            0.8, 0.6, 0.5, 0.5, 0.6, 1.0, 1.8, 2.8, 3.4, 3.6, 3.4, 3.0,
            2.6, 2.8, 3.2, 3.4, 3.2, 3.0, 2.8, 2.4, 2.0, 1.6, 1.2, 1.0};
        return scaledTo(shape, 53.0);
    }

    /** A profile of the given shape scaled so that the day sums to {@code arrivalsPerDay}. */
    public static DailyProfile scaledTo(double[] shape, double arrivalsPerDay) {
        double sum = 0;
        for (double v : shape) {
            sum += v;
        }
        Double[] values = new Double[shape.length];
        for (int i = 0; i < shape.length; i++) {
            values[i] = shape[i] * arrivalsPerDay / sum;
        }
        return new DailyProfile(List.of(values));
    }

    public double arrivalsPerDay() {
        return arrivalsPerHour.stream().mapToDouble(Double::doubleValue).sum();
    }

    public DailyProfile scaled(double factor) {
        return new DailyProfile(arrivalsPerHour.stream().map(v -> v * factor).toList());
    }

    public double ratePerHour(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return arrivalsPerHour.get(local.getHour());
    }
}
