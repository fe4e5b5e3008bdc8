package io.edgetally.status;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonValue.JsonObject;

/**
 * The controller's live state as the CoAP endpoint serves it. The application implements this over its curing or
 * station controller, ledger and uplink; the JSON shape of each snapshot is the contract in {@code docs/coap.md}.
 *
 * <p>Snapshots are read from CoAP worker threads while the control loop runs, so implementations must be
 * thread-safe and cheap (return the last published process image, never do I/O here).
 */
public interface StatusSource {

    SiteKind kind();

    /** {@code /status} */
    JsonObject status();

    /** {@code /barn} or {@code /station}, by {@link #kind()} */
    JsonObject site();

    /** {@code /tally} */
    JsonObject tally();

    /** {@code /alarms} */
    JsonObject alarms();

    /** {@code /meters} */
    JsonObject meters();

    /** Called when a topic may have changed; may run on the control loop's thread, so it must return at once. */
    @FunctionalInterface
    interface Listener {
        void changed(StatusTopic topic);
    }

    void addListener(Listener listener);

    void removeListener(Listener listener);
}
