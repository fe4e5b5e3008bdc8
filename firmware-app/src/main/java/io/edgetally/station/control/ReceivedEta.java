package io.edgetally.station.control;

import io.edgetally.protocol.eta.EtaSnapshot;
import java.time.Instant;

/**
 * A dispatch platform's ETA snapshot as it arrived (on the MQTT client's thread) and when, by the station's clock.
 * The site queues what arrives and hands it to the controller in the next cycle's {@link StationSnapshot}, so the
 * controller's {@link EtaBoard} is only ever touched by the control cycle.
 */
public record ReceivedEta(EtaSnapshot snapshot, Instant receivedAt) {}
