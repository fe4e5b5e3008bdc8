package io.edgetally.protocol.report;

/**
 * A signed, hash-chained tally record as published on {@code edgetally/v1/{site}/{device}/report}.
 *
 * @param hash      SHA-256 (lower-case hex) over the canonical JSON of the record without {@code hash} and
 *                  {@code signature}
 * @param signature Ed25519 signature (base64) over the same canonical bytes, by the key {@code body.keyId()}
 */
public record TallyReport(ReportBody body, String hash, String signature) {

    public static final String SCHEMA = "edgetally.report/1";
    /** The {@code prevHash} of the first record of a device. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public long seq() {
        return body.seq();
    }

    public String device() {
        return body.device();
    }
}
