package io.edgetally.status;

import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only JSON resource over one snapshot of the controller's state. When observable, observers are notified
 * when the snapshot really differs from the last one sent (its time {@code at} aside), and at least once per heartbeat (by the injected clock)
 * so a client can tell a quiet controller from a dead one.
 */
final class SnapshotResource extends EndpointResource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotResource.class);

    private final Supplier<JsonObject> snapshot;
    private final Clock clock;
    private final Duration heartbeat;
    private final long maxAgeSeconds;
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    /** What observers last got, without its {@code at}: see {@link #content}. */
    private String lastNotified = "";
    private Instant lastNotifiedAt;

    SnapshotResource(CoapResources.Readable descriptor, Supplier<JsonObject> snapshot, Clock clock,
                     Duration heartbeat) {
        super(descriptor.name());
        this.snapshot = snapshot;
        this.clock = clock;
        this.heartbeat = heartbeat;
        // fresh until a little after the next heartbeat is due, so observers do not re-register needlessly
        this.maxAgeSeconds = heartbeat.toSeconds() + 30;
        this.lastNotifiedAt = clock.instant();
        getAttributes().addResourceType(descriptor.resourceType());
        getAttributes().addInterfaceDescription(CoapResources.IF_SENSOR);
        getAttributes().addContentType(CoapResources.CONTENT_FORMAT_JSON);
        if (descriptor.observable()) {
            setObservable(true);
            // confirmable, so Californium notices an observer that has gone away and drops it
            setObserveType(CoAP.Type.CON);
            getAttributes().setObservable();
        }
    }

    @Override
    String allowedMethods() {
        return "GET";
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (!acceptsJson(exchange)) {
            return;
        }
        byte[] body;
        try {
            body = Json.write(snapshot.get()).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.warn("{}: the controller's snapshot failed", getURI(), e);
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, getURI() + " is not available: " + e.getMessage());
            return;
        }
        exchange.setMaxAge(maxAgeSeconds);
        exchange.respond(ResponseCode.CONTENT, body, CoapResources.CONTENT_FORMAT_JSON);
    }

    /** Remembers the current snapshot as what observers have, so the first change check compares to it. */
    void prime() {
        try {
            String now = content(snapshot.get());
            synchronized (this) {
                lastNotified = now;
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the controller's snapshot failed at start", getURI(), e);
        }
    }

    /**
     * The source says this topic may have changed. Coalesces bursts: at most one refresh is queued at a time.
     *
     * @param executor runs the comparison off the caller's (control loop's) thread
     */
    void sourceChanged(Executor executor) {
        if (isObservable() && refreshPending.compareAndSet(false, true)) {
            try {
                executor.execute(this::refresh);
            } catch (RejectedExecutionException e) {
                // the endpoint is closing; the controller's thread must not see that
                refreshPending.set(false);
            }
        }
    }

    private void refresh() {
        refreshPending.set(false);
        String now;
        try {
            now = content(snapshot.get());
        } catch (RuntimeException e) {
            LOG.warn("{}: the controller's snapshot failed while notifying observers", getURI(), e);
            return;
        }
        synchronized (this) {
            if (now.equals(lastNotified)) {
                return;
            }
            lastNotified = now;
            lastNotifiedAt = clock.instant();
        }
        changed();
    }

    /**
     * A snapshot as compared for a change: without its top-level {@code at}, the time the snapshot was taken,
     * which differs every time and would make every signal from the controller a notification (the heartbeat is
     * what tells observers the device is alive).
     */
    private static String content(JsonObject snapshot) {
        if (!snapshot.has("at")) {
            return Json.write(snapshot);
        }
        Map<String, JsonValue> members = new LinkedHashMap<>(snapshot.members());
        members.remove("at");
        return Json.write(new JsonObject(members));
    }

    /** Notifies observers when nothing was sent for a whole heartbeat. */
    void heartbeatCheck() {
        if (!isObservable()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            if (Duration.between(lastNotifiedAt, now).compareTo(heartbeat) < 0) {
                return;
            }
            lastNotifiedAt = now;
        }
        changed();
    }
}
