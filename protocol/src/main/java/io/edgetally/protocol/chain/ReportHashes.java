package io.edgetally.protocol.chain;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReportCodec;
import java.util.HexFormat;

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

    /** SHA-256 of {@code signedBytes}, lower-case hex. */
    public static String hashHex(byte[] signedBytes) {
        return HexFormat.of().formatHex(Ed25519Keys.sha256(signedBytes));
    }
}
