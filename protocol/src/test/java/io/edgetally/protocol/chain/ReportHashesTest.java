package io.edgetally.protocol.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cutting hash and signature out of a received record: only the top-level members, wherever they stand. */
class ReportHashesTest {

    private static Optional<String> cut(String record) {
        return ReportHashes.signedPart(record.getBytes(StandardCharsets.UTF_8), "h", "s")
                .map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void membersAnywhereAtTheTopLevelAreCut() {
        assertThat(cut("{\"a\":1,\"hash\":\"h\",\"m\":2,\"signature\":\"s\",\"z\":3}")).contains("{\"a\":1,\"m\":2,\"z\":3}");
        assertThat(cut("{\"hash\":\"h\",\"signature\":\"s\",\"z\":3}")).contains("{\"z\":3}");
        assertThat(cut("{\"a\":1,\"hash\":\"h\",\"signature\":\"s\"}")).contains("{\"a\":1}");
        assertThat(cut("{\"a\":1,\"signature\":\"s\",\"hash\":\"h\"}")).contains("{\"a\":1}");
    }

    @Test
    void nestedOrQuotedLookalikesAreNotCut() {
        assertThat(cut("{\"a\":{\"hash\":\"h\",\"signature\":\"s\"}}")).isEmpty();
        assertThat(cut("{\"a\":\"x,\\\"hash\\\":\\\"h\\\"\",\"hash\":\"h\",\"signature\":\"s\",\"z\":1}"))
                .contains("{\"a\":\"x,\\\"hash\\\":\\\"h\\\"\",\"z\":1}");
        assertThat(cut("{\"hash\":\"hh\",\"signature\":\"s\"}")).isEmpty();
    }
}
