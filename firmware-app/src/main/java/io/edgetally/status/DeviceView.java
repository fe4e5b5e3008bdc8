package io.edgetally.status;

import io.edgetally.protocol.json.JsonValue.JsonObject;

/** What the device as a whole (uplink, ledger, clock) contributes to the status a site shows its operator. */
public interface DeviceView {

    /** {@code connected}, {@code connecting} or {@code offline} */
    String uplinkState();

    /** tally records written but not yet acknowledged by the registry */
    long outboxBacklog();

    boolean clockSynced();

    /** the {@code /tally} snapshot */
    JsonObject tally();
}
