package io.edgetally.status;

import io.edgetally.protocol.json.JsonValue.JsonObject;

/**
 * What the device as a whole (uplink, ledger, clock) contributes to the status a site shows its operator, as of the
 * end of the last control cycle (the cycle takes it, so a status reader never touches the ledger or the disk).
 *
 * @param uplinkState   {@code connected}, {@code connecting} or {@code offline}
 * @param outboxBacklog tally records written but not yet acknowledged by the registry
 * @param tally         the {@code /tally} snapshot
 */
public record DeviceStatus(String uplinkState, long outboxBacklog, boolean clockSynced, JsonObject tally) {

    /** Before the first cycle, or a site with no tally (a test). */
    public static DeviceStatus none() {
        return new DeviceStatus("offline", 0, false, JsonObject.builder().build());
    }
}
