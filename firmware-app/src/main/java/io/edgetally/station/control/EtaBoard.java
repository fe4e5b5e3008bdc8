package io.edgetally.station.control;

import io.edgetally.protocol.eta.EtaSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest ETA snapshot from the fleet's dispatch platform, as the controller may trust it. Snapshots arrive on the
 * MQTT client's thread and are queued by the site; the control cycle hands them over ({@link #received}) and then
 * plans, so the board is confined to the control cycle's thread and needs no lock.
 *
 * <p>Trust is withdrawn (the controller plans from its forecast, an alarm says why) when no snapshot came within
 * {@code staleAfter}, or for {@code distrustFor} after a truck arrived that a fresh snapshot's promise did not list:
 * a feed that misses trucks would leave them without packs.
 */
public final class EtaBoard implements AnnouncedArrivals {

    /** A truck arriving this soon after its listing's snapshot was received may still be in it. */
    private static final Duration ARRIVAL_GRACE = Duration.ofMinutes(2);
    private static final Duration MEMORY = Duration.ofHours(6);

    private record Received(EtaSnapshot snapshot, Instant at) {}

    private final Duration staleAfter;
    private final Duration distrustFor;
    private Optional<Received> latest = Optional.empty();
    /** Recent snapshots' receipt and promise, to judge whether an arrival should have been announced. */
    private final Deque<Received> history = new ArrayDeque<>();
    private final Map<String, Instant> lastListed = new HashMap<>();
    private final Map<String, Instant> arrivedAt = new HashMap<>();
    private Instant distrustUntil = Instant.MIN;
    private String refused = "";
    private String distrustReason = "";

    public EtaBoard(Duration staleAfter, Duration distrustFor) {
        if (staleAfter.isNegative() || staleAfter.isZero() || distrustFor.isNegative()) {
            throw new IllegalArgumentException("ETA board: staleAfter must be > 0 and distrustFor >= 0, got "
                    + staleAfter + " and " + distrustFor);
        }
        this.staleAfter = staleAfter;
        this.distrustFor = distrustFor;
    }

    /**
     * A snapshot received at {@code receivedAt} (the controller's clock). One sent more than {@code staleAfter} before
     * or after that is refused: a retained leftover of a platform that has stopped, or clocks too far apart to trust
     * its ETAs (both clocks should be synchronised).
     */
    @Override
    public void received(ReceivedEta eta) {
        accept(eta.snapshot(), eta.receivedAt());
    }

    public void accept(EtaSnapshot snapshot, Instant receivedAt) {
        Duration age = Duration.between(snapshot.sent(), receivedAt);
        if (age.abs().compareTo(staleAfter) > 0) {
            refused = "the last snapshot received (at " + receivedAt + ") was sent at " + snapshot.sent()
                    + (age.isNegative() ? ", ahead of this clock: check both clocks" : ", too long ago: a leftover of a "
                    + "platform that stopped publishing?");
            return;
        }
        refused = "";
        Received r = new Received(snapshot, receivedAt);
        latest = Optional.of(r);
        history.addLast(r);
        while (!history.isEmpty() && history.peekFirst().at().isBefore(receivedAt.minus(MEMORY))) {
            history.removeFirst();
        }
        for (EtaSnapshot.TruckEta t : snapshot.trucks()) {
            lastListed.put(t.truckId(), receivedAt);
        }
        lastListed.values().removeIf(at -> at.isBefore(receivedAt.minus(MEMORY)));
        arrivedAt.values().removeIf(at -> at.isBefore(receivedAt.minus(MEMORY)));
    }

    @Override
    public Instant completeUntil(Instant now) {
        if (latest.isEmpty() || isStale(latest.get(), now) || now.isBefore(distrustUntil)) {
            return now;
        }
        Instant promised = latest.get().snapshot().completeUntil();
        return promised.isAfter(now) ? promised : now;
    }

    @Override
    public List<Instant> between(Instant from, Instant until) {
        if (latest.isEmpty()) {
            return List.of();
        }
        Received r = latest.get();
        List<Instant> out = new ArrayList<>();
        for (EtaSnapshot.TruckEta t : r.snapshot().trucks()) {
            Instant came = arrivedAt.get(t.truckId());
            if (came != null && !r.at().isAfter(came.plus(ARRIVAL_GRACE))) {
                continue; // listed before it came: this listing is the visit already served
            }
            Instant due = t.eta().isBefore(from) ? from : t.eta();
            if (due.isBefore(until)) {
                out.add(due);
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public void arrived(String truckId, Instant at) {
        Instant previousVisit = arrivedAt.put(truckId, at);
        Optional<Received> promise = promiseAt(at);
        if (promise.isEmpty() || !at.isBefore(promise.get().snapshot().completeUntil())) {
            return; // nothing was promised about this moment
        }
        Instant listed = lastListed.get(truckId);
        boolean announced = listed != null
                && (previousVisit == null || listed.isAfter(previousVisit.plus(ARRIVAL_GRACE)));
        if (!announced) {
            distrustUntil = at.plus(distrustFor);
            distrustReason = "truck " + truckId + " arrived at " + at + " unannounced although the dispatch feed "
                    + "promised a complete list until " + promise.get().snapshot().completeUntil();
        }
    }

    @Override
    public Optional<String> problem(Instant now) {
        String why = refused.isEmpty() ? "" : " (" + refused + ")";
        if (latest.isEmpty()) {
            return Optional.of("no ETA snapshot received yet" + why + ": planning from the arrival forecast");
        }
        if (isStale(latest.get(), now)) {
            return Optional.of("no ETA snapshot since " + latest.get().at() + " (stale after " + staleAfter
                    + ")" + why + ": planning from the arrival forecast; check the dispatch feed");
        }
        if (now.isBefore(distrustUntil)) {
            return Optional.of(distrustReason + ": planning from the arrival forecast until " + distrustUntil);
        }
        return Optional.empty();
    }

    /** The freshest snapshot received by {@code at} that was not stale then. */
    private Optional<Received> promiseAt(Instant at) {
        var it = history.descendingIterator();
        while (it.hasNext()) {
            Received r = it.next();
            if (!r.at().isAfter(at)) {
                return isStale(r, at) ? Optional.empty() : Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private boolean isStale(Received r, Instant now) {
        return Duration.between(r.at(), now).compareTo(staleAfter) > 0;
    }
}
