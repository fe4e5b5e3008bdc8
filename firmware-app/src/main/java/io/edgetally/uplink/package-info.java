/**
 * The MQTT uplink (below the tally, beside the CoAP server): store-and-forward of the tally ledger to the registry,
 * losing nothing and counting nothing twice; and the client of a station's ETA feed ({@code EtaSubscriber}).
 *
 * <ul>
 *   <li>The outbox is the ledger itself ({@code tally_records}): a record is written before it is sent and leaves
 *       the outbox ({@code acked_at} set) only when the registry's {@code ack} covers its seq.</li>
 *   <li>After any outage or restart every un-acked record is sent again, oldest first, through an in-flight window
 *       and an optional pace; the registry keys reports by (device, seq), so a replay is never counted twice.
 *       Without ack progress for the ack timeout, the window is sent again (a broker may drop queued messages).</li>
 *   <li>Alarms and telemetry wait in {@code uplink_outbox}; alarms go before the replay, telemetry may be thinned
 *       under the {@link io.edgetally.uplink.DiskQuota} policy. Tally records are never dropped.</li>
 *   <li>Session: the retained signed birth ({@code edgetally.state/2}: the ledger's head, signed with the device
 *       key) on every connect, the bare {@code offline} as the Will; reconnect with capped
 *       exponential backoff and jitter on the injected clock, TLS with a client certificate and a pinned CA.</li>
 * </ul>
 * Entry point: {@link io.edgetally.uplink.Uplink}; settings: {@link io.edgetally.uplink.UplinkConfig}.
 */
package io.edgetally.uplink;
