package io.edgetally.protocol.chain;

import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import java.security.KeyPair;

/** Hashes and signs report bodies with a device's Ed25519 key. Thread-safe (the signature is deterministic). */
public final class ReportSigner {

    private final Ed25519Signer key;

    public ReportSigner(KeyPair keys) {
        this(Ed25519Signer.of(keys));
    }

    public ReportSigner(Ed25519Signer key) {
        this.key = key;
    }

    public String keyId() {
        return key.keyId();
    }

    /** The device key, for the other payloads it signs (its state birth). */
    public Ed25519Signer key() {
        return key;
    }

    /** Hash and signature over the canonical body; the body must name this signer's key id. */
    public TallyReport sign(ReportBody body) {
        if (!body.keyId().equals(key.keyId())) {
            throw new IllegalArgumentException("report names key " + body.keyId() + " but the signer holds "
                    + key.keyId());
        }
        byte[] bytes = ReportHashes.signedBytes(body);
        return new TallyReport(body, ReportHashes.hashHex(bytes), key.signBase64(bytes));
    }
}
