package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.json.Json;
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
}
