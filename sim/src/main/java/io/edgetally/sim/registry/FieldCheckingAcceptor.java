package io.edgetally.sim.registry;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;

/**
 * The default acceptor: the payload is a JSON object with a non-empty {@code device}, a {@code seq} of 1 or more,
 * and string {@code hash} and {@code prevHash}. It checks neither hash nor signature: plug in the protocol's
 * verifier for that.
 */
public final class FieldCheckingAcceptor implements ReportAcceptor {

    @Override
    public Verdict accept(byte[] payload) {
        try {
            JsonObject o = Json.parseObject(payload);
            String device = o.string("device");
            long seq = o.longValue("seq");
            String hash = o.string("hash");
            String prevHash = o.string("prevHash");
            if (device.isBlank()) {
                return new Verdict.Rejected("device is empty");
            }
            if (seq < 1) {
                return new Verdict.Rejected("seq must be 1 or more, was " + seq);
            }
            if (hash.isBlank()) {
                return new Verdict.Rejected("hash is empty");
            }
            return new Verdict.Accepted(device, seq, hash, prevHash);
        } catch (JsonException e) {
            return new Verdict.Rejected("not a report: " + e.getMessage());
        }
    }
}
