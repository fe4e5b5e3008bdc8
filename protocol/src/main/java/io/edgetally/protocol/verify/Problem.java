package io.edgetally.protocol.verify;

/**
 * One discrepancy found in a report: what kind, which field (dotted path, e.g. {@code emissions.co2Kg}), what
 * the verifier expected and what the report has.
 */
public record Problem(Kind kind, String field, String expected, String found) {

    public enum Kind {
        /** Not JSON, or a field missing or of the wrong type. */
        FORMAT,
        /** Unknown schema or kind. */
        SCHEMA,
        /** The site/device is not enrolled with this verifier. */
        UNKNOWN_DEVICE,
        /** The report names a key other than the device's enrolled key. */
        KEY_ID,
        /** The report is signed by a key the registry has revoked for this device. */
        REVOKED,
        /** The report is booked with a kind, methodology or grid factor other than the device was enrolled with. */
        ENROLMENT,
        /** The Ed25519 signature does not verify with the enrolled key. */
        SIGNATURE,
        /** The hash is not the SHA-256 of the record's canonical form: the content was altered. */
        HASH,
        /** {@code prevHash} is not the hash of the previous record. */
        CHAIN,
        /** A seq is missing before this one. */
        SEQ_GAP,
        /** This seq arrives after a later one. */
        REORDERED,
        /** The same record (same seq, same hash) again. */
        DUPLICATE,
        /** A seq that was already accepted, with different content, or older than the verifier remembers. */
        REPLAY,
        /** The period is empty or runs backwards, or overlaps the previous record's (energy counted twice). */
        PERIOD,
        /** The start reading does not continue the previous record's end reading on the same meter. */
        METER_CONTINUITY,
        /** Unknown methodology version, or one not meant for this kind of site. */
        METHODOLOGY,
        /** A factor or grid factor differs from the registry's table, or a site value outside its range. */
        FACTOR,
        /** A number differs from the one recomputed from the meter readings and the methodology. */
        TALLY
    }

    public static Problem of(Kind kind, String field, Object expected, Object found) {
        return new Problem(kind, field, String.valueOf(expected), String.valueOf(found));
    }

    /** e.g. {@code TALLY emissions.co2Kg: expected 982500.000, found 982501.000}. */
    public String describe() {
        return kind + " " + field + ": expected " + expected + ", found " + found;
    }
}
