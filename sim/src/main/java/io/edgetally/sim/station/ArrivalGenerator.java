package io.edgetally.sim.station;

import io.edgetally.station.control.DailyProfile;
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

    /** A full 282 kWh pack lasts ~170 km at ~1.6 kWh/km: hours of driving before the truck needs another swap. */
    static final Duration MIN_TURNAROUND = Duration.ofHours(3);

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
        Instant[] lastVisit = new Instant[fleetSize];
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
                Instant at = hourStart.plusSeconds((long) (t * 3600));
                int truck = onTheRoadLongEnough(random.nextInt(fleetSize), at, lastVisit);
                lastVisit[truck] = at;
                out.add(new TruckArrival(at, String.format("T%03d", 1 + truck), soc));
            }
            hourStart = hourEnd;
        }
        return out;
    }

    /**
     * The drawn truck, or the next one in the fleet that has been on the road at least {@link #MIN_TURNAROUND} since
     * its last swap: a truck that just left with a full pack cannot be back minutes later. (Chosen this way, the
     * random stream, and so every arrival time and SOC, is the same as when trucks were drawn freely.)
     */
    private int onTheRoadLongEnough(int drawn, Instant at, Instant[] lastVisit) {
        int oldest = drawn;
        for (int k = 0; k < fleetSize; k++) {
            int truck = (drawn + k) % fleetSize;
            if (lastVisit[truck] == null || !lastVisit[truck].plus(MIN_TURNAROUND).isAfter(at)) {
                return truck;
            }
            if (lastVisit[truck].isBefore(lastVisit[oldest])) {
                oldest = truck;
            }
        }
        return oldest; // the whole fleet swapped within the turnaround: the longest on the road comes back
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
