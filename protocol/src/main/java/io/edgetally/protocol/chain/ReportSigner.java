package io.edgetally.protocol.chain;

import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;

/** Hashes and signs report bodies with a device's Ed25519 key. Not thread-safe (one per ledger). */
public final class ReportSigner {

    private final KeyPair keys;
    private final String keyId;
    private final Signature signature;

    public ReportSigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = Ed25519Keys.keyId(keys.getPublic());
        try {
            this.signature = Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** Hash and signature over the canonical body; the body must name this signer's key id. */
    public TallyReport sign(ReportBody body) {
        if (!body.keyId().equals(keyId)) {
            throw new IllegalArgumentException("report names key " + body.keyId() + " but the signer holds " + keyId);
        }
        byte[] bytes = ReportHashes.signedBytes(body);
        try {
            signature.initSign(keys.getPrivate());
            signature.update(bytes);
            return new TallyReport(body, ReportHashes.hashHex(bytes),
                    Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing report seq " + body.seq() + ": " + e.getMessage(), e);
        }
    }
}
