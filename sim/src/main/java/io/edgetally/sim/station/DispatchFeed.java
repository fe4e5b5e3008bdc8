package io.edgetally.sim.station;

import io.edgetally.protocol.eta.EtaSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A fleet dispatch platform that sees each truck {@code notice} before it reaches the station (its telematics: position,
 * SOC, route) and publishes ETA snapshots. Each truck's ETA is off by an error drawn once (normal, {@code etaErrorSd})
 * that shrinks in proportion as the truck gets closer, as a route-based ETA does.
 */
public final class DispatchFeed {

    private final List<TruckArrival> arrivals;
    private final Duration notice;
    private final Map<TruckArrival, Double> errorMinutes = new HashMap<>();
    private int next;

    public DispatchFeed(List<TruckArrival> arrivals, Duration notice, Duration etaErrorSd, long seed) {
        if (notice.isNegative() || etaErrorSd.isNegative()) {
            throw new IllegalArgumentException("dispatch feed: notice and ETA error must be >= 0, got " + notice
                    + " and " + etaErrorSd);
        }
        this.arrivals = arrivals.stream().sorted((a, b) -> a.at().compareTo(b.at())).toList();
        this.notice = notice;
        SplittableRandom random = new SplittableRandom(seed);
        double sd = etaErrorSd.toMillis() / 60_000.0;
        for (TruckArrival a : this.arrivals) {
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            errorMinutes.put(a, sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
    }

    /** What the platform publishes at {@code now}: every truck arriving after now and within the notice. */
    public EtaSnapshot snapshotAt(Instant now) {
        while (next < arrivals.size() && !arrivals.get(next).at().isAfter(now)) {
            next++;
        }
        Instant horizon = now.plus(notice);
        Instant completeUntil = horizon;
        List<EtaSnapshot.TruckEta> trucks = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (int i = next; i < arrivals.size() && !arrivals.get(i).at().isAfter(horizon); i++) {
            TruckArrival a = arrivals.get(i);
            if (!listed.add(a.truckId())) {
                // the same truck twice within the notice: the promise ends at its second visit, listed after the first
                completeUntil = a.at();
                break;
            }
            double remaining = Duration.between(now, a.at()).toMillis() / (double) Math.max(1, notice.toMillis());
            long errorMs = Math.round(errorMinutes.get(a) * remaining * 60_000);
            trucks.add(new EtaSnapshot.TruckEta(a.truckId(), a.at().plusMillis(errorMs)));
        }
        return new EtaSnapshot(now, completeUntil, trucks);
    }
}
