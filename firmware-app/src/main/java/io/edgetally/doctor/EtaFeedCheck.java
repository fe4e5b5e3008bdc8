package io.edgetally.doctor;

import io.edgetally.config.SiteConfig;
import io.edgetally.config.StationConfig;
import io.edgetally.protocol.eta.EtaSnapshot;
import io.edgetally.uplink.EtaSubscriber;
import io.edgetally.uplink.UplinkConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The station's ETA feed ({@code station.eta}), read as the service reads it: subscribe, take the platform's retained
 * snapshot, and judge it as {@code EtaBoard} would (fresh within {@code stale-after} of this clock).
 */
final class EtaFeedCheck {

    static final String SUBJECT = "ETA feed";
    /** How long to wait for the retained snapshot: a platform that retains its last one delivers it at once. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final SiteConfig config;
    private final Clock clock;

    EtaFeedCheck(SiteConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Empty when the station has no ETA feed configured. */
    Optional<Check> run() throws InterruptedException {
        Optional<StationConfig.EtaConfig> eta = config instanceof SiteConfig.Station s ? s.station().eta()
                : Optional.empty();
        if (eta.isEmpty()) {
            return Optional.empty();
        }
        StationConfig.EtaConfig e = eta.get();
        // its own client id: the running service's ETA client is not disconnected by the check
        String clientId = "edgetally-doctor-" + config.site() + "-" + config.device() + "-eta";
        Optional<EtaSubscriber.Connection> connection = e.broker()
                .map(uri -> new EtaSubscriber.Connection(uri, clientId, Optional.empty(), Optional.empty()))
                .or(() -> config.uplink().map(u -> new EtaSubscriber.Connection(URI.create(u.broker()), clientId,
                        credentials(u), tls(u))));
        if (connection.isEmpty()) {
            return Optional.of(Check.fail(SUBJECT, "station.eta has no 'broker' and there is no 'uplink' whose broker "
                    + "could carry the ETAs"));
        }
        String where = "topic " + e.topic() + " at " + connection.get().broker();
        AtomicReference<EtaSnapshot> latest = new AtomicReference<>();
        CountDownLatch arrived = new CountDownLatch(1);
        try (EtaSubscriber s = EtaSubscriber.start(connection.get(), e.topic(), Duration.ofMinutes(1), snapshot -> {
            latest.set(snapshot);
            arrived.countDown();
        })) {
            if (!arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!s.isConnected()) {
                    return Optional.of(Check.fail(SUBJECT, "cannot subscribe to " + where + " within "
                            + WAIT.toSeconds() + " s (broker down, or credentials refused)"));
                }
                if (s.rejected() > 0) {
                    return Optional.of(Check.fail(SUBJECT, where + ": the snapshot there is not an "
                            + EtaSnapshot.SCHEMA + " snapshot (the service's log names what is wrong)"));
                }
                return Optional.of(Check.warn(SUBJECT, "no snapshot on " + where + " within " + WAIT.toSeconds()
                        + " s: the platform should publish it retained; until one comes the station plans from its "
                        + "forecast"));
            }
        }
        EtaSnapshot snapshot = latest.get();
        Duration age = Duration.between(snapshot.sent(), clock.instant());
        String detail = String.format(Locale.ROOT, "%s: %d truck(s) announced, complete until %s, sent %s",
                where, snapshot.trucks().size(), snapshot.completeUntil(), snapshot.sent());
        if (age.abs().compareTo(e.staleAfter()) > 0) {
            return Optional.of(Check.warn(SUBJECT, detail + ", " + Math.abs(age.toSeconds()) + " s from this clock"
                    + " (stale after " + e.staleAfter().toSeconds() + " s): the controller would not trust it;"
                    + " is the platform publishing, and are both clocks synchronised?"));
        }
        return Optional.of(Check.pass(SUBJECT, detail));
    }

    private static Optional<UplinkConfig.Credentials> credentials(SiteConfig.UplinkConfig u) {
        return u.username().flatMap(name -> u.passwordFile().map(file -> new UplinkConfig.Credentials(name, file)));
    }

    private static Optional<UplinkConfig.TlsFiles> tls(SiteConfig.UplinkConfig u) {
        if (u.caFile().isEmpty() || u.certFile().isEmpty() || u.keyFile().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UplinkConfig.TlsFiles(u.caFile().get(), u.certFile().get(), u.keyFile().get()));
    }
}
