package io.edgetally.registry.ingest;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.Incoming;
import io.edgetally.registry.store.IngestStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Files reports that did not come over MQTT (a device's ledger exported to a file, a migration from another
 * registry) through the same checks and the same store as the ingest: verified one by one, committed in batches,
 * chained in PostgreSQL. No ack is published: the devices are not listening.
 */
public final class ReportImport {

    /** What an import did; {@code reasons} are the first rejections, each with its reason. */
    public record Result(long read, long stored, long duplicates, long rejected, List<String> reasons) {}

    private static final int BATCH = 500;
    private static final int REASONS = 20;

    private final Enrolments enrolments;
    private final IngestStore store;
    private final MethodologyRegistry methodologies;
    private final Clock clock;

    public ReportImport(Enrolments enrolments, IngestStore store, MethodologyRegistry methodologies, Clock clock) {
        this.enrolments = enrolments;
        this.store = store;
        this.methodologies = methodologies;
        this.clock = clock;
    }

    public Result run(Iterable<byte[]> reports) throws SQLException {
        long read = 0;
        long stored = 0;
        long duplicates = 0;
        long rejected = 0;
        List<String> reasons = new ArrayList<>();
        List<byte[]> batch = new ArrayList<>(BATCH);
        for (byte[] r : reports) {
            read++;
            batch.add(r);
            if (batch.size() == BATCH) {
                IngestStore.Result x = file(batch, reasons);
                stored += x.stored();
                duplicates += x.duplicates();
                rejected += x.rejected();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            IngestStore.Result x = file(batch, reasons);
            stored += x.stored();
            duplicates += x.duplicates();
            rejected += x.rejected();
        }
        return new Result(read, stored, duplicates, rejected, List.copyOf(reasons));
    }

    private IngestStore.Result file(List<byte[]> batch, List<String> reasons) throws SQLException {
        while (true) {
            Verification v = new Verification(enrolments.snapshot(), methodologies);
            List<Incoming> items = new ArrayList<>();
            for (byte[] r : batch) {
                v.verify(topicOf(r), r).ifPresent(items::add);
            }
            for (Incoming i : items) {
                if (i instanceof Incoming.Rejected x && reasons.size() < REASONS) {
                    reasons.add(x.reason());
                }
            }
            try {
                return store.commit(items, v.enrolmentVersion(), clock.instant());
            } catch (IngestStore.StaleEnrolments e) {
                // an enrol or revoke committed meanwhile: verify this batch again with it
            }
        }
    }

    /** The topic the report would have come on (its own site and device); a report that names none, a stand-in. */
    private static String topicOf(byte[] report) {
        try {
            JsonObject o = Json.parseObject(report);
            return new DeviceTopics(o.string("site"), o.string("device")).topic(TopicKind.REPORT);
        } catch (JsonException | IllegalArgumentException e) {
            return DeviceTopics.ROOT + "/import/unknown/" + TopicKind.REPORT.suffix();
        }
    }
}
