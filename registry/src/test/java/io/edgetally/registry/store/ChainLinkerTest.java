package io.edgetally.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.verify.Problem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The head moves over what continues it, stops at a gap, and refuses the first report that does not link. */
class ChainLinkerTest {

    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    private final ChainLinker.HeadState genesis = new ChainLinker.HeadState(0, "h0", Optional.empty(),
            Optional.empty(), Optional.empty());

    private static ChainLinker.Candidate c(long seq, String prev, long startMin, String startKwh, boolean stored) {
        return new ChainLinker.Candidate(seq, "h" + seq, prev, T0.plusSeconds(60 * startMin),
                T0.plusSeconds(60 * (startMin + 15)), "M1", new BigDecimal(startKwh),
                new BigDecimal(startKwh).add(BigDecimal.TEN), stored);
    }

    @Test
    void theHeadMovesOverContiguousLinksAndStopsAtAGap() {
        TreeMap<Long, ChainLinker.Candidate> m = new TreeMap<>();
        m.put(1L, c(1, "h0", 0, "100", false));
        m.put(2L, c(2, "h1", 15, "110", true));
        m.put(4L, c(4, "h3", 45, "130", false));
        ChainLinker.Decision d = ChainLinker.link(genesis, m);
        assertThat(d.head().seq()).isEqualTo(2);
        assertThat(d.head().hash()).isEqualTo("h2");
        assertThat(d.linked()).extracting(ChainLinker.Candidate::seq).containsExactly(1L, 2L);
        assertThat(d.refused()).isEmpty();
    }

    @Test
    void theFirstThatDoesNotLinkIsRefusedWithItsReason() {
        TreeMap<Long, ChainLinker.Candidate> m = new TreeMap<>();
        m.put(1L, c(1, "h0", 0, "100", false));
        m.put(2L, c(2, "hX", 15, "110", false));
        ChainLinker.Decision d = ChainLinker.link(genesis, m);
        assertThat(d.head().seq()).isEqualTo(1);
        assertThat(d.refused().orElseThrow().problem().kind()).isEqualTo(Problem.Kind.CHAIN);

        m.put(2L, c(2, "h1", 10, "110", false));
        assertThat(ChainLinker.link(genesis, m).refused().orElseThrow().problem().kind())
                .isEqualTo(Problem.Kind.PERIOD);
        m.put(2L, c(2, "h1", 15, "111", false));
        assertThat(ChainLinker.link(genesis, m).refused().orElseThrow().problem().describe())
                .isEqualTo("METER_CONTINUITY meter.startKwh: expected 110 (endKwh of seq 1), found 111");
    }
}
