package io.edgetally.protocol.chain;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReportCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** The canonical bytes a report's hash and signature cover, and that hash. */
public final class ReportHashes {

    private ReportHashes() {}

    /** Canonical JSON (sorted keys, no white space, plain numbers) of the record without hash and signature. */
    public static byte[] signedBytes(ReportBody body) {
        return Json.canonical(TallyReportCodec.bodyJson(body));
    }

    /**
     * The signed part of a record received in canonical form: its bytes with the {@code hash} and
     * {@code signature} members cut out. Empty when they are not found as top-level canonical members. Cheaper
     * than re-serialising the parsed record, and as strict: if these bytes hash to the record's {@code hash}, they
     * are the device's canonical bytes, so the record as received was canonical too.
     */
    public static Optional<byte[]> signedPart(byte[] received, String hash, String signature) {
        Optional<byte[]> withoutHash = cut(received, member("hash", hash));
        return withoutHash.flatMap(b -> cut(b, member("signature", signature)));
    }

    /**
     * {@code {"key":"value"}} as canonical bytes. The values are hex and base64, which need no escaping; a value
     * that would (not a valid hash or signature anyway) is then not found, and the record is refused.
     */
    private static byte[] member(String key, String value) {
        return ("{\"" + key + "\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Removes {@code "k":"v"} given as {@code {"k":"v"}} with its separating comma; empty if absent. */
    private static Optional<byte[]> cut(byte[] bytes, byte[] wrapped) {
        int len = wrapped.length - 2; // without the braces
        byte quote = wrapped[1];
        byte firstChar = wrapped[2];
        for (int at = 1; at + len < bytes.length; at++) {
            // cheap first-byte tests before comparing the whole member
            if (bytes[at] != quote || bytes[at + 1] != firstChar || (bytes[at - 1] != ',' && bytes[at - 1] != '{')
                    || !Arrays.equals(bytes, at, at + len, wrapped, 1, 1 + len)) {
                continue;
            }
            byte after = bytes[at + len];
            if (after == ',') {
                return Optional.of(splice(bytes, at, at + len + 1));
            }
            if (after == '}' && bytes[at - 1] == ',') {
                return Optional.of(splice(bytes, at - 1, at + len));
            }
        }
        return Optional.empty();
    }

    private static byte[] splice(byte[] bytes, int from, int to) {
        byte[] out = new byte[bytes.length - (to - from)];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(bytes, to, out, from, bytes.length - to);
        return out;
    }

    /** SHA-256 of {@code signedBytes}, lower-case hex. */
    public static String hashHex(byte[] signedBytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(signedBytes));
    }
}
