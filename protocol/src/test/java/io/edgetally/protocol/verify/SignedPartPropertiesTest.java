package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.chain.ReportHashes;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The signed part cut at the offsets the parser reports against the cut that scans the record: the same bytes (or
 * the same refusal) for sound records and for records changed around their hash and signature members.
 */
class SignedPartPropertiesTest {

    private static List<byte[]> records;

    @BeforeContainer
    static void chain() {
        records = ReportChains.bytes(new ReportChains().reports(5));
    }

    @Property(tries = 1500)
    void theParsersOffsetsCutTheSameBytesAsTheScan(@ForAll long seed) {
        Random r = new Random(seed);
        String text = new String(records.get(r.nextInt(records.size())), StandardCharsets.UTF_8);
        int edits = r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            text = edit(text, r);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] at = {-1, -1};
        TallyReport report;
        try {
            report = TallyReportCodec.fromJson(Json.parseObject(bytes, (name, offset) -> {
                if (name.equals("hash")) {
                    at[0] = offset;
                } else if (name.equals("signature")) {
                    at[1] = offset;
                }
            }));
        } catch (JsonException | io.edgetally.protocol.report.ReportFormatException e) {
            return; // not a report: nothing is cut
        }
        Optional<byte[]> scanned = ReportHashes.signedPart(bytes, report.hash(), report.signature());
        Optional<byte[]> located = ReportHashes.signedPart(bytes, report.hash(), report.signature(), at[0], at[1]);
        assertThat(located.map(String::new)).isEqualTo(scanned.map(String::new));
    }

    /** A change near the members the cut is about: white space, a nested copy, a moved or escaped name. */
    private static String edit(String text, Random r) {
        int hash = text.indexOf("\"hash\":");
        int signature = text.indexOf("\"signature\":");
        int at = r.nextBoolean() ? hash : signature;
        if (hash < 0 || signature < 0) {
            return text; // an earlier edit hid a name
        }
        return switch (r.nextInt(7)) {
            case 0 -> text.substring(0, at) + " " + text.substring(at);
            case 1 -> text.substring(0, at + 6) + " " + text.substring(at + 6);
            case 2 -> text.replaceFirst("\"meter\":\\{", "\"meter\":{" + member(text, hash) + ",");
            case 3 -> text.replace("\"hash\":", "\"h\\u0061sh\":");
            case 4 -> "{" + member(text, signature) + ","
                    + text.substring(1).replaceFirst(",?\"signature\":\"[^\"]*\"", "");
            case 5 -> text.replaceFirst(",?\"signature\":\"[^\"]*\"", "").replaceFirst("}$",
                    "," + member(text, signature) + "}");
            default -> text.substring(0, text.length() - 1) + " }";
        };
    }

    private static String member(String text, int at) {
        int colon = text.indexOf(':', at);
        int close = text.indexOf('"', colon + 2);
        return text.substring(at, close + 1);
    }
}
