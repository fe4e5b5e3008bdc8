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
        byte[] hashMember = member("hash", hash);
        byte[] signatureMember = member("signature", signature);
        int[] hashAt = null;
        int[] signatureAt = null;
        // One pass over the top-level members (strings skipped, nesting counted): the two members sit near the
        // end of a 3.5 kB record, after many nested "source"/"so2Kg"/... that a plain search would stop at.
        int depth = 0;
        for (int i = 0; i < received.length; i++) {
            byte c = received[i];
            if (c == '"') {
                if (depth == 1 && (received[i - 1] == '{' || received[i - 1] == ',')) {
                    if (hashAt == null && matches(received, i, hashMember)) {
                        hashAt = span(received, i, hashMember);
                    } else if (signatureAt == null && matches(received, i, signatureMember)) {
                        signatureAt = span(received, i, signatureMember);
                    }
                }
                i = endOfString(received, i);
                if (i < 0) {
                    return Optional.empty();
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return cut(received, hashMember, signatureMember, hashAt, signatureAt);
    }

    /**
     * As {@link #signedPart(byte[], String, String)}, with where the parser found the top-level {@code hash} and
     * {@code signature} members ({@code hashAt}, {@code signatureAt}: offsets of the quotes opening their names),
     * so the record is not scanned again. The same result: the member must be there byte for byte in canonical
     * form ({@code "hash":"..."} between '{' or ',' and ',' or '}'), as the scan requires.
     */
    public static Optional<byte[]> signedPart(byte[] received, String hash, String signature, int hashAt,
                                              int signatureAt) {
        byte[] hashMember = member("hash", hash);
        byte[] signatureMember = member("signature", signature);
        return cut(received, hashMember, signatureMember, located(received, hashAt, hashMember),
                located(received, signatureAt, signatureMember));
    }

    /** The span of {@code member} if it starts at {@code at} as a canonical top-level member; else null. */
    private static int[] located(byte[] received, int at, byte[] member) {
        if (at <= 0 || at >= received.length || (received[at - 1] != '{' && received[at - 1] != ',')
                || !matches(received, at, member)) {
            return null;
        }
        return span(received, at, member);
    }

    private static Optional<byte[]> cut(byte[] received, byte[] hashMember, byte[] signatureMember, int[] hashAt,
                                        int[] signatureAt) {
        if (hashAt == null || signatureAt == null) {
            return Optional.empty();
        }
        int[] first = hashAt[0] < signatureAt[0] ? hashAt : signatureAt;
        int[] second = first == hashAt ? signatureAt : hashAt;
        if (first[1] > second[0]) {
            // adjacent, the second the last member: they share a comma; cut one after the other
            return cutOne(received, hashMember).flatMap(b -> cutOne(b, signatureMember));
        }
        byte[] out = new byte[received.length - (first[1] - first[0]) - (second[1] - second[0])];
        int n = 0;
        System.arraycopy(received, 0, out, n, first[0]);
        n += first[0];
        System.arraycopy(received, first[1], out, n, second[0] - first[1]);
        n += second[0] - first[1];
        System.arraycopy(received, second[1], out, n, received.length - second[1]);
        return Optional.of(out);
    }

    /** {@code bytes} without the top-level {@code member} (and one comma beside it); empty if it is absent. */
    private static Optional<byte[]> cutOne(byte[] bytes, byte[] member) {
        int depth = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '"') {
                if (depth == 1 && (bytes[i - 1] == '{' || bytes[i - 1] == ',') && matches(bytes, i, member)) {
                    int[] cut = span(bytes, i, member);
                    byte[] out = new byte[bytes.length - (cut[1] - cut[0])];
                    System.arraycopy(bytes, 0, out, 0, cut[0]);
                    System.arraycopy(bytes, cut[1], out, cut[0], bytes.length - cut[1]);
                    return Optional.of(out);
                }
                i = endOfString(bytes, i);
                if (i < 0) {
                    return Optional.empty();
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code "key":"value"} as canonical bytes. The values are hex and base64, which need no escaping; a value
     * that would (not a valid hash or signature anyway) is then not found, and the record is refused.
     */
    private static byte[] member(String key, String value) {
        return ("\"" + key + "\":\"" + value + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean matches(byte[] bytes, int at, byte[] member) {
        int end = at + member.length;
        return end < bytes.length && Arrays.equals(bytes, at, end, member, 0, member.length)
                && (bytes[end] == ',' || bytes[end] == '}');
    }

    /**
     * The bytes to cut for the member at {@code at}: with the comma after it, or, for the last member, with the
     * comma before it. {@code [from, to)}.
     */
    private static int[] span(byte[] bytes, int at, byte[] member) {
        int end = at + member.length;
        if (bytes[end] == ',') {
            return new int[] {at, end + 1};
        }
        return bytes[at - 1] == ',' ? new int[] {at - 1, end} : new int[] {at, end};
    }

    /** The index of the quote closing the string opened at {@code open}; -1 if it is not closed. */
    private static int endOfString(byte[] bytes, int open) {
        for (int i = open + 1; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** SHA-256 of {@code signedBytes}, lower-case hex. */
    public static String hashHex(byte[] signedBytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(signedBytes));
    }
}
