package io.edgetally.tally;

import io.edgetally.protocol.report.TallyReport;
import java.util.List;

/** What one meter reading did: the records it booked (usually none) and the verdict on the reading. */
public record Booking(List<TallyReport> reports, ReadingCheck check) {
    public Booking {
        reports = List.copyOf(reports);
    }
}
