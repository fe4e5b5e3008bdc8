package io.edgetally.sim.station;

import io.edgetally.station.DailyProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded truck arrivals: a Poisson process whose hourly rate follows a daily profile, with the day's volume itself
 * varying (busy and quiet days), and returned-pack SOC drawn from a clipped normal distribution.
 */
public final class ArrivalGenerator {

    private final DailyProfile profile;
    private final ZoneId zone;
    private final int fleetSize;
    private final double returnSocMean;
    private final double returnSocSd;
    private final double dayVolumeSd;

    public ArrivalGenerator(DailyProfile profile, ZoneId zone, int fleetSize, double returnSocMean,
                            double returnSocSd, double dayVolumeSd) {
        this.profile = profile;
        this.zone = zone;
        this.fleetSize = fleetSize;
        this.returnSocMean = returnSocMean;
        this.returnSocSd = returnSocSd;
        this.dayVolumeSd = dayVolumeSd;
    }

    /** The Yibin-busiest fleet: 120 trucks, packs back at 20 % +- 7 %, day volume +- 8 %. */
    public static ArrivalGenerator yibin(DailyProfile profile, ZoneId zone) {
        return new ArrivalGenerator(profile, zone, 120, 0.20, 0.07, 0.08);
    }

    public List<TruckArrival> generate(Instant start, Duration length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TruckArrival> out = new ArrayList<>();
        Instant end = start.plus(length);
        Instant hourStart = start;
        double dayFactor = dayFactor(random);
        int day = start.atZone(zone).getDayOfYear();
        while (hourStart.isBefore(end)) {
            int d = hourStart.atZone(zone).getDayOfYear();
            if (d != day) {
                day = d;
                dayFactor = dayFactor(random);
            }
            Instant hourEnd = hourStart.atZone(zone).withMinute(0).withSecond(0).withNano(0).plusHours(1).toInstant();
            if (hourEnd.isAfter(end)) {
                hourEnd = end;
            }
            double rate = profile.ratePerHour(hourStart, zone) * dayFactor;
            double t = 0;
            double hours = Duration.between(hourStart, hourEnd).toSeconds() / 3600.0;
            while (rate > 0) {
                t += -Math.log(1 - random.nextDouble()) / rate;
                if (t >= hours) {
                    break;
                }
                double soc = Math.clamp(returnSocMean + returnSocSd * gaussian(random), 0.05, 0.60);
                String truck = String.format("T%03d", 1 + random.nextInt(fleetSize));
                out.add(new TruckArrival(hourStart.plusSeconds((long) (t * 3600)), truck, soc));
            }
            hourStart = hourEnd;
        }
        return out;
    }

    private double dayFactor(SplittableRandom random) {
        return Math.max(0.5, 1 + dayVolumeSd * gaussian(random));
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
