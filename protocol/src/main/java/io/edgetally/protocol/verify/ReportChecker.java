package io.edgetally.protocol.verify;


import io.edgetally.protocol.chain.ReportHashes;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.GridFactor;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.CanonicalReportReader;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.ReportFormatException;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks one report passes on its own, without its neighbours: format, schema, enrolment (key id and, where
 * the device was enrolled with terms, kind, methodology and grid factor), hash, (optionally) signature, and every
 * number recomputed from the meter readings and the methodology table. Safe to share between threads: a registry
 * runs it on a pool of workers and orders the chain itself.
 */
public final class ReportChecker {

    /** Where the checker finds a device's enrolment: a fixed list, or a registry's live store. */
    @FunctionalInterface
    public interface Directory {
        /** The enrolled device {@code site/device} with its current key; empty if not enrolled (or revoked). */
        Optional<EnrolledDevice> find(String site, String device);

        static Directory of(Collection<EnrolledDevice> enrolled) {
            Map<String, EnrolledDevice> byAddress = new HashMap<>();
            for (EnrolledDevice d : enrolled) {
                byAddress.put(d.address(), d);
            }
            return (site, device) -> Optional.ofNullable(byAddress.get(site + "/" + device));
        }
    }

    /**
     * A report read and checked; {@code report} is empty when it could not even be parsed. {@code signedBytes}
     * are the bytes its hash and signature cover (empty when they could not be cut out).
     */
    public record Checked(Optional<TallyReport> report, Optional<EnrolledDevice> device, byte[] signedBytes,
                          List<Problem> problems) {
        public boolean passed() {
            return report.isPresent() && problems.isEmpty();
        }
    }

    private final Directory directory;
    /**
     * Verifiers by enrolled key: decoding a key's point once, not per report, is a good part of the speed. Keyed by
     * the key itself (its equality is its encoding), not by a text form of it made again for every report.
     */
    private final Map<java.security.PublicKey, Ed25519Verifier> verifiers = new ConcurrentHashMap<>();
    private final TallyCheck tally;
    public ReportChecker(Collection<EnrolledDevice> enrolled, MethodologyRegistry registry) {
        this(Directory.of(enrolled), registry);
    }

    public ReportChecker(Directory directory, MethodologyRegistry registry) {
        this.directory = directory;
        this.tally = new TallyCheck(registry);
    }

    /** Every check, the signature included. */
    public Checked check(byte[] json) {
        return check(json, true, NO_TIMES);
    }

    /** Every check, the signature included, with the CPU time of each stage added to {@code times}. */
    public Checked check(byte[] json, CheckTimes times) {
        return check(json, true, times);
    }

    Checked check(byte[] json, boolean verifySignature) {
        return check(json, verifySignature, NO_TIMES);
    }

    private static final CheckTimes NO_TIMES = new CheckTimes(() -> 0);

    private Checked check(byte[] json, boolean verifySignature, CheckTimes times) {
        boolean timed = times != NO_TIMES;
        long t0 = timed ? times.now() : 0;
        Optional<JsonObject> raw = Optional.empty(); // the JSON tree, where the record needed one to be read
        TallyReport report;
        int[] at = {-1, -1}; // where the hash and signature members start: the cut needs no second scan
        Optional<CanonicalReportReader.Read> canonical = CanonicalReportReader.read(json);
        if (canonical.isPresent()) {
            report = canonical.get().report();
            at[0] = canonical.get().hashAt();
            at[1] = canonical.get().signatureAt();
        } else {
            // anything the canonical reader does not take is read as before, with the same errors
            try {
                JsonObject tree = Json.parseObject(json, (name, offset) -> {
                    if (name.equals("hash")) {
                        at[0] = offset;
                    } else if (name.equals("signature")) {
                        at[1] = offset;
                    }
                });
                raw = Optional.of(tree);
                report = TallyReportCodec.fromJson(tree);
            } catch (JsonException e) {
                return failed(Problem.of(Problem.Kind.FORMAT, "", "a JSON object", e.getMessage()));
            } catch (ReportFormatException e) {
                return failed(Problem.of(Problem.Kind.FORMAT, e.field(), "a valid field", e.getMessage()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        ReportBody b = report.body();
        if (!TallyReport.SCHEMA.equals(b.schema())) {
            problems.add(Problem.of(Problem.Kind.SCHEMA, "schema", TallyReport.SCHEMA, b.schema()));
        }
        Optional<byte[]> signedPart = at[0] >= 0 && at[1] >= 0
                ? ReportHashes.signedPart(json, report.hash(), report.signature(), at[0], at[1])
                : ReportHashes.signedPart(json, report.hash(), report.signature());
        if (signedPart.isEmpty()) {
            return new Checked(Optional.of(report), Optional.empty(), new byte[0], List.of(Problem.of(
                    Problem.Kind.FORMAT, "", "the record's canonical JSON (sorted keys, no white space, plain"
                            + " numbers), byte for byte", "other bytes")));
        }
        byte[] signed = signedPart.get();
        String hash = ReportHashes.hashHex(signed);
        if (!hash.equals(report.hash())) {
            // Only a mismatch costs the re-serialisation: bytes that hash to the record's hash are canonical.
            Optional<Problem> notCanonical = notCanonical(json, raw.orElseGet(() -> Json.parseObject(json)));
            if (notCanonical.isPresent()) {
                // its hash and signature cover the canonical bytes, so both fail for the form alone: say that
                return new Checked(Optional.of(report), Optional.empty(), new byte[0], List.of(notCanonical.get()));
            }
            problems.add(Problem.of(Problem.Kind.HASH, "hash", hash + " (SHA-256 of the record as received, without"
                    + " hash and signature)", report.hash()));
        }
        long t1 = timed ? times.now() : 0;
        long signatureNanos = 0;
        Optional<EnrolledDevice> device = directory.find(b.site(), b.device());
        if (device.isEmpty()) {
            problems.add(Problem.of(Problem.Kind.UNKNOWN_DEVICE, "device", "an enrolled site/device",
                    b.site() + "/" + b.device()));
        } else if (!verifier(device.get()).keyId().equals(b.keyId())) {
            problems.add(Problem.of(Problem.Kind.KEY_ID, "keyId", verifier(device.get()).keyId(), b.keyId()));
        } else if (verifySignature) {
            Ed25519Verifier verifier = verifier(device.get());
            long s0 = timed ? times.now() : 0;
            boolean valid = verifier.verifies(signed, report.signature());
            signatureNanos = timed ? times.now() - s0 : 0;
            if (!valid) {
                problems.add(signatureProblem(device.get(), report));
            }
        }
        device.flatMap(EnrolledDevice::terms).ifPresent(terms -> checkTerms(terms, b, problems));
        if (!b.periodEnd().isAfter(b.periodStart())) {
            problems.add(Problem.of(Problem.Kind.PERIOD, "periodEnd", "after periodStart " + b.periodStart(),
                    b.periodEnd()));
        }
        tally.check(b, problems);
        if (timed) {
            long t2 = times.now();
            times.add(t1 - t0, signatureNanos, t2 - t1 - signatureNanos);
        }
        return new Checked(Optional.of(report), device, signed, problems);
    }

    /** Whether {@code report}'s signature verifies with {@code device}'s key (the batch audit's anchors). */
    boolean signatureVerifies(EnrolledDevice device, byte[] signedBytes, TallyReport report) {
        return verifier(device).verifies(signedBytes, report.signature());
    }

    private Ed25519Verifier verifier(EnrolledDevice device) {
        // A ledger is mostly one device's: the same key object again is found without hashing its encoding.
        LastVerifier last = lastVerifier;
        if (last != null && last.key() == device.key()) {
            return last.verifier();
        }
        Ed25519Verifier v = verifiers.get(device.key());
        if (v == null) {
            v = verifiers.computeIfAbsent(device.key(), Ed25519Verifier::of);
        }
        lastVerifier = new LastVerifier(device.key(), v);
        return v;
    }

    private record LastVerifier(java.security.PublicKey key, Ed25519Verifier verifier) {}

    /** The verifier used last, with its key; one immutable pair, so threads see a whole one or an older one. */
    private volatile LastVerifier lastVerifier;

    /** The site books what it was enrolled with: kind, methodology (and sensitivity), grid region and year. */
    private static void checkTerms(Enrolment terms, ReportBody b, List<Problem> problems) {
        if (terms.kind() != b.kind()) {
            problems.add(Problem.of(Problem.Kind.ENROLMENT, "kind", terms.kind().wireName() + " (enrolled)",
                    b.kind().wireName()));
        }
        checkBooking("", terms.methodology(), terms, b.tally(), problems);
        if (terms.sensitivity().isPresent() != b.sensitivity().isPresent()) {
            problems.add(Problem.of(Problem.Kind.ENROLMENT, "sensitivity",
                    terms.sensitivity().map(k -> k + " (enrolled)").orElse("null (enrolled without a sensitivity)"),
                    b.sensitivity().map(s -> s.methodology().id() + "/" + s.methodology().version()).orElse("null")));
        } else if (terms.sensitivity().isPresent()) {
            checkBooking("sensitivity.", terms.sensitivity().get(), terms, b.sensitivity().get(), problems);
        }
    }

    private static void checkBooking(String prefix, Enrolment.MethodologyKey enrolled, Enrolment terms, Accounting a,
                                     List<Problem> problems) {
        String found = a.methodology().id() + "/" + a.methodology().version();
        if (!enrolled.id().equals(a.methodology().id()) || !enrolled.version().equals(a.methodology().version())) {
            problems.add(Problem.of(Problem.Kind.ENROLMENT, prefix + "methodology.id", enrolled + " (enrolled)",
                    found));
        }
        GridFactor g = a.emissions().grid();
        if (!terms.gridRegion().equals(g.region()) || terms.gridYear() != g.year()) {
            problems.add(Problem.of(Problem.Kind.ENROLMENT, prefix + "emissions.grid", terms.gridRegion() + "/"
                    + terms.gridYear() + " (enrolled)", g.region() + "/" + g.year()));
        }
    }

    static Problem signatureProblem(EnrolledDevice device, TallyReport report) {
        return Problem.of(Problem.Kind.SIGNATURE, "signature",
                "an Ed25519 signature by enrolled key " + device.keyId(), abbreviate(report.signature()));
    }

    /** A FORMAT problem naming the first byte where {@code received} leaves the canonical form, if it does. */
    private static Optional<Problem> notCanonical(byte[] received, JsonObject parsed) {
        byte[] canonical = Json.canonical(parsed);
        int at = Arrays.mismatch(received, canonical);
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(Problem.Kind.FORMAT, "", "the record's canonical JSON (sorted keys, no white"
                + " space, plain numbers), byte for byte", "other bytes from byte " + (at + 1) + ": "
                + excerpt(received, at) + " where the canonical form has " + excerpt(canonical, at)));
    }

    private static String excerpt(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return "the end";
        }
        int end = Math.min(bytes.length, at + 16);
        return "'" + new String(bytes, at, end - at, StandardCharsets.UTF_8) + "'";
    }

    private static Checked failed(Problem p) {
        return new Checked(Optional.empty(), Optional.empty(), new byte[0], List.of(p));
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 20) + "..." : s;
    }
}
