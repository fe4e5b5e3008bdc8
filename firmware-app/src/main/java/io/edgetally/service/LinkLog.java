package io.edgetally.service;

import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.tally.TallyService;
import io.edgetally.uplink.UplinkStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's links to the world (meter, probes, uplink broker...) as the journal shows them: one line when a link
 * is first seen working or failing, and one each time it changes between the two; none while it stays as it was,
 * however many cycles that lasts. {@link #check()} runs after every control cycle, on the cycle's thread.
 */
public final class LinkLog {

    private static final Logger LOG = LoggerFactory.getLogger(LinkLog.class);

    /** How a link stands after a cycle. */
    public sealed interface State {
        /** It works; {@code detail} says what it last gave (logged, not compared). */
        record Up(String detail) implements State {}

        /** It does not; {@code reason} is logged, not compared. */
        record Failing(String reason) implements State {}

        /** Not tried yet (e.g. the broker's first connection under way): nothing to say. */
        record Unknown() implements State {}
    }

    private record Link(String name, Supplier<State> state) {}

    private final List<Link> links = new ArrayList<>();
    private final Map<String, Boolean> wasUp = new HashMap<>();

    /** @param name what the line names, e.g. {@code "meter main (SDM630 @ tcp://10.0.0.5:502 unit 1)"} */
    public LinkLog add(String name, Supplier<State> state) {
        links.add(new Link(name, state));
        return this;
    }

    /**
     * A tallied meter, from the site's last reading of it: a meter that cannot be read is a warning here, not only
     * an alarm.
     */
    public LinkLog addMeter(EnergyMeter meter, Supplier<Optional<MeterReading>> last) {
        return add("meter " + meter.describe(), () -> last.get().<State>map(r -> switch (r) {
            case MeterReading.Ok ok -> new State.Up(String.format(Locale.ROOT, "reads %.3f kWh, %.2f kW (meter id %s)",
                    ok.importKwh(), ok.powerW() / 1000, ok.meterId()));
            case MeterReading.Failed f -> new State.Failing("cannot be read, nothing is booked while it lasts (the"
                    + " register keeps counting, so the energy is booked when it answers again): " + f.reason());
        }).orElse(new State.Unknown()));
    }

    /** The uplink's MQTT session with its broker, when the site has an uplink. */
    public LinkLog addUplink(TallyService tally) {
        tally.uplinkConfig().ifPresent(u -> add("uplink broker " + u.brokerUri() + " (client id " + u.clientId()
                + ")", () -> tally.uplinkStatus().map(LinkLog::uplinkState).orElse(new State.Unknown())));
        return this;
    }

    private static State uplinkState(UplinkStatus s) {
        if (s.connected()) {
            return new State.Up("connected, " + s.backlog() + " report(s) not yet acknowledged");
        }
        Optional<String> error = s.lastError();
        return error.<State>map(e -> new State.Failing(e + (s.backlog() > 0 ? "; " + s.backlog()
                + " report(s) kept until it is back" : ""))).orElse(new State.Unknown());
    }

    /** Logs each link whose state changed since the last check. */
    public void check() {
        for (Link link : links) {
            State now;
            try {
                now = link.state().get();
            } catch (RuntimeException e) {
                now = new State.Failing(e.toString());
            }
            switch (now) {
                case State.Unknown u -> { }
                case State.Up up -> {
                    Boolean before = wasUp.put(link.name(), true);
                    if (before == null || !before) {
                        LOG.info("{} {}: {}", link.name(), before == null ? "up" : "up again", up.detail());
                    }
                }
                case State.Failing f -> {
                    Boolean before = wasUp.put(link.name(), false);
                    if (before == null || before) {
                        LOG.warn("{} failing: {}", link.name(), f.reason());
                    }
                }
            }
        }
    }
}
