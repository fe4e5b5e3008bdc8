package io.edgetally.protocol.chain;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The canonical bytes a report's hash and signature cover, and that hash. */
public final class ReportHashes {

    private ReportHashes() {}

    /** Canonical JSON (sorted keys, no white space, plain numbers) of the record without hash and signature. */
    public static byte[] signedBytes(ReportBody body) {
        return Json.canonical(TallyReportCodec.bodyJson(body));
    }

    /** The same for a record as received: every member but {@code hash} and {@code signature}. */
    public static byte[] signedBytes(JsonObject received) {
        return Json.canonical(TallyReportCodec.unsignedPart(received));
    }

    /** A received record in canonical form, whole and without hash and signature. */
    public record CanonicalForms(byte[] whole, byte[] signed) {}

    /**
     * Both canonical forms of a received record in one serialisation: the whole record (to check the bytes on
     * the wire are canonical) and the part that is hashed and signed.
     */
    public static CanonicalForms canonicalForms(JsonObject received) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream(4096);
        ByteArrayOutputStream signed = new ByteArrayOutputStream(4096);
        whole.write('{');
        signed.write('{');
        boolean firstWhole = true;
        boolean firstSigned = true;
        for (Map.Entry<String, JsonValue> e : new TreeMap<>(received.members()).entrySet()) {
            byte[] member = member(e.getKey(), e.getValue());
            if (!firstWhole) {
                whole.write(',');
            }
            whole.writeBytes(member);
            firstWhole = false;
            if (!e.getKey().equals("hash") && !e.getKey().equals("signature")) {
                if (!firstSigned) {
                    signed.write(',');
                }
                signed.writeBytes(member);
                firstSigned = false;
            }
        }
        whole.write('}');
        signed.write('}');
        return new CanonicalForms(whole.toByteArray(), signed.toByteArray());
    }

    private static byte[] member(String key, JsonValue value) {
        byte[] k = Json.canonical(JsonValue.of(key));
        byte[] v = Json.canonical(value);
        byte[] out = new byte[k.length + 1 + v.length];
        System.arraycopy(k, 0, out, 0, k.length);
        out[k.length] = ':';
        System.arraycopy(v, 0, out, k.length + 1, v.length);
        return out;
    }

    /** SHA-256 of {@code signedBytes}, lower-case hex. */
    public static String hashHex(byte[] signedBytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(signedBytes));
    }
}
