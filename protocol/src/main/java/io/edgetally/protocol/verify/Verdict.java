package io.edgetally.protocol.verify;

import io.edgetally.protocol.report.TallyReport;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What the verifier made of one report. */
public sealed interface Verdict {

    /** Valid and the next in its device's chain; count it. {@code notes} are facts worth showing (clock unsynced). */
    record Accepted(TallyReport report, List<String> notes) implements Verdict {
        public Accepted {
            notes = List.copyOf(notes);
        }
    }

    /** The very record already accepted (a QoS 1 redelivery or a republish): acknowledge it, count nothing. */
    record Duplicate(TallyReport report) implements Verdict {}

    /** Not accepted; every problem found, each naming the field. Device and seq when they could be read. */
    record Rejected(Optional<String> device, OptionalLong seq, List<Problem> problems) implements Verdict {
        public Rejected {
            problems = List.copyOf(problems);
        }

        public String describe() {
            String who = device.orElse("?") + " seq " + (seq.isPresent() ? String.valueOf(seq.getAsLong()) : "?");
            return who + ": " + String.join("; ", problems.stream().map(Problem::describe).toList());
        }

        public boolean has(Problem.Kind kind) {
            return problems.stream().anyMatch(p -> p.kind() == kind);
        }
    }
}
