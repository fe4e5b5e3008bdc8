package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.mqtt.Ack;
import io.edgetally.protocol.mqtt.SignedAck;
import io.edgetally.protocol.mqtt.StateMessage;
import java.nio.charset.StandardCharsets;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in docs/report-schema.md is a real report: it parses, its numbers recompute, its signature holds. */
class ReportSchemaDocTest {

    @Test
    void theDocumentedExampleVerifies() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "report-schema.md"));
        String keyLine = doc.lines().filter(l -> l.startsWith("Device public key")).findFirst().orElseThrow();
        String key = keyLine.substring(keyLine.indexOf('`') + 1, keyLine.lastIndexOf('`'));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        byte[] wire = Json.canonical(Json.parse(example));
        var report = TallyReportCodec.parse(wire);
        var checker = new ReportChecker(List.of(EnrolledDevice.of(report.body().site(), report.device(), key)),
                MethodologyRegistry.builtIn());
        assertThat(checker.check(wire, true).problems()).isEmpty();
    }

    /** The ack and birth examples are real: each verifies with the key printed above it, and a v1 device reads the ack. */
    @Test
    void theDocumentedAckAndBirthVerify() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "report-schema.md"));
        byte[] ack = block(doc, "ack");
        SignedAck signed = SignedAck.decode("doc", ack);
        assertThat(signed.verifies(Ed25519Verifier.ofBase64(keyBefore(doc, "```ack")))).isTrue();
        assertThat(Ack.decode("doc", ack).seq()).isEqualTo(signed.seq());
        assertThat(Json.canonical(Json.parse(ack))).isEqualTo(ack);

        byte[] birth = block(doc, "state");
        StateMessage state = StateMessage.decode("doc", birth);
        assertThat(state).isInstanceOf(StateMessage.Signed.class);
        assertThat(((StateMessage.Signed) state).birth().verifies(Ed25519Verifier.ofBase64(keyBefore(doc, "```state"))))
                .isTrue();
    }

    private static byte[] block(String doc, String tag) {
        int start = doc.indexOf("```" + tag + "\n") + tag.length() + 4;
        return doc.substring(start, doc.indexOf("\n```", start)).getBytes(StandardCharsets.UTF_8);
    }

    /** The last `...=` key quoted before {@code marker}. */
    private static String keyBefore(String doc, String marker) {
        String before = doc.substring(0, doc.indexOf(marker));
        int end = before.lastIndexOf("=`");
        return before.substring(before.lastIndexOf('`', end) + 1, end + 1);
    }
}
