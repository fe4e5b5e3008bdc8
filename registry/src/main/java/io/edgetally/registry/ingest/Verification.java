package io.edgetally.registry.ingest;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.MqttPayloadException;
import io.edgetally.protocol.mqtt.StateMessage;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.verify.CheckTimes;
import io.edgetally.protocol.verify.Problem;
import io.edgetally.protocol.verify.ReportChecker;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.Incoming;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns one MQTT message into what the store files: a report that passed every check of its own, a rejection
 * with its reason, a state or an alarm. Stateless apart from the enrolment snapshot it was built with; safe to
 * run on many threads.
 */
public final class Verification {

    private final Enrolments.Snapshot enrolments;
    private final ReportChecker checker;
    private final Optional<CheckTimes> times;

    public Verification(Enrolments.Snapshot enrolments, MethodologyRegistry methodologies) {
        this(enrolments, methodologies, Optional.empty());
    }

    /** With the CPU time of each check stage added to {@code times}. */
    public Verification(Enrolments.Snapshot enrolments, MethodologyRegistry methodologies, CheckTimes times) {
        this(enrolments, methodologies, Optional.of(times));
    }

    private Verification(Enrolments.Snapshot enrolments, MethodologyRegistry methodologies,
                         Optional<CheckTimes> times) {
        this.enrolments = enrolments;
        this.times = times;
        this.checker = new ReportChecker((site, device) -> enrolments.find(site, device)
                .flatMap(Enrolments.Device::enrolled), methodologies);
    }

    public long enrolmentVersion() {
        return enrolments.version();
    }

    /** What to file for a message on {@code topic}; empty for a message to ignore (not ours, or not enrolled). */
    public Optional<Incoming> verify(String topic, byte[] payload) {
        Optional<DeviceTopics.Parsed> parsed = DeviceTopics.parse(topic);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        DeviceTopics who = parsed.get().device();
        return switch (parsed.get().kind()) {
            case REPORT -> Optional.of(report(topic, who, payload));
            case STATE -> state(topic, who, payload);
            case ALARM -> alarm(topic, who, payload);
            case ACK, TELEMETRY -> Optional.empty();
        };
    }

    private Incoming report(String topic, DeviceTopics who, byte[] payload) {
        ReportChecker.Checked c = times.isPresent() ? checker.check(payload, times.get()) : checker.check(payload);
        if (c.report().isEmpty()) {
            return rejected(topic, Optional.of(who), OptionalLong.empty(), payload, c.problems());
        }
        TallyReport r = c.report().get();
        if (!r.body().site().equals(who.site()) || !r.device().equals(who.device())) {
            return rejected(topic, Optional.of(who), OptionalLong.of(r.seq()), payload, List.of(Problem.of(
                    Problem.Kind.FORMAT, "device", who.site() + "/" + who.device() + " (the topic's)",
                    r.body().site() + "/" + r.device())));
        }
        if (!c.problems().isEmpty()) {
            return rejected(topic, Optional.of(who), OptionalLong.of(r.seq()), payload, revocation(r, c.problems()));
        }
        return new Incoming.Report(topic, payload, r);
    }

    /** A report refused for its key id or as unknown, signed by a key revoked for the device, is REVOKED. */
    private List<Problem> revocation(TallyReport r, List<Problem> problems) {
        boolean keyProblem = problems.stream().anyMatch(p -> p.kind() == Problem.Kind.KEY_ID
                || p.kind() == Problem.Kind.UNKNOWN_DEVICE);
        Optional<Enrolments.Device> d = enrolments.find(r.body().site(), r.device());
        if (keyProblem && d.isPresent() && d.get().revokedKey(r.body().keyId())) {
            return List.of(Problem.of(Problem.Kind.REVOKED, "keyId", d.get().currentKey().map(k -> "key "
                    + k.keyId() + " (in force)").orElse("a key in force (none: the device is revoked)"),
                    r.body().keyId() + " (revoked)"));
        }
        return problems;
    }

    private Optional<Incoming> state(String topic, DeviceTopics who, byte[] payload) {
        Optional<Enrolments.Device> d = enrolments.find(who.site(), who.device());
        if (d.isEmpty()) {
            return Optional.empty(); // retained states of devices not (or no longer) enrolled
        }
        StateMessage m;
        try {
            m = StateMessage.decode(topic, payload);
        } catch (MqttPayloadException e) {
            return Optional.of(new Incoming.Rejected(topic, Optional.of(who.site()), Optional.of(who.device()),
                    OptionalLong.empty(), payload, Problem.Kind.FORMAT.name(), e.getMessage()));
        }
        if (m instanceof StateMessage.Signed s) {
            var b = s.birth();
            Optional<Enrolments.DeviceKey> key = d.get().currentKey();
            String problem = null;
            if (!b.site().equals(who.site()) || !b.device().equals(who.device())) {
                problem = "FORMAT device: expected " + who.site() + "/" + who.device() + " (the topic's), found "
                        + b.site() + "/" + b.device();
            } else if (key.isEmpty() || !key.get().keyId().equals(b.keyId())) {
                problem = "KEY_ID keyId: expected " + key.map(Enrolments.DeviceKey::keyId).orElse("a key in force")
                        + ", found " + b.keyId();
            } else if (!b.verifies(Ed25519Verifier.of(key.get().publicKey()))) {
                problem = "SIGNATURE signature: expected a signature by enrolled key " + b.keyId()
                        + ", found one that does not verify";
            }
            if (problem != null) {
                return Optional.of(new Incoming.Rejected(topic, Optional.of(who.site()), Optional.of(who.device()),
                        OptionalLong.of(b.seq()), payload, problem.substring(0, problem.indexOf(' ')), problem));
            }
        }
        return Optional.of(new Incoming.State(who.site(), who.device(), m));
    }

    private Optional<Incoming> alarm(String topic, DeviceTopics who, byte[] payload) {
        if (enrolments.find(who.site(), who.device()).isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonObject o = Json.parseObject(payload);
            return Optional.of(new Incoming.Alarm(who.site(), who.device(), o.string("code"), o.string("event"),
                    o.string("at"), new String(payload, StandardCharsets.UTF_8)));
        } catch (JsonException e) {
            return Optional.of(new Incoming.Rejected(topic, Optional.of(who.site()), Optional.of(who.device()),
                    OptionalLong.empty(), payload, Problem.Kind.FORMAT.name(), topic
                    + ": expected an alarm like {\"code\":...,\"event\":\"raised\",\"at\":...}: " + e.getMessage()));
        }
    }

    private static Incoming rejected(String topic, Optional<DeviceTopics> who, OptionalLong seq, byte[] payload,
                                     List<Problem> problems) {
        String reason = String.join("; ", problems.stream().map(Problem::describe).toList());
        return new Incoming.Rejected(topic, who.map(DeviceTopics::site), who.map(DeviceTopics::device), seq, payload,
                problems.getFirst().kind().name(), reason);
    }
}
