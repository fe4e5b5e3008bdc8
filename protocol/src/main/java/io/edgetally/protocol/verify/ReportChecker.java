package io.edgetally.protocol.verify;

import static io.edgetally.protocol.verify.Problem.Kind.FACTOR;
import static io.edgetally.protocol.verify.Problem.Kind.TALLY;

import io.edgetally.protocol.chain.ReportHashes;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.GridFactor;
import io.edgetally.protocol.methodology.Methodology;
import io.edgetally.protocol.methodology.MethodologyException;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.SiteRange;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.CanonicalReportReader;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.ReportFormatException;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    private final MethodologyRegistry registry;
    private final TallyCalculator calculator = new TallyCalculator();
    /**
     * The registry's methodologies as reports name them, each with its factor table laid out for the check: found
     * once, not per report. Only methodologies the (immutable) registry has are kept, so the map is bounded by its
     * table whatever reports name.
     */
    private final Map<MethodologyKey, KnownMethodology> known = new ConcurrentHashMap<>();
    /** The registry's grid factors by region and year, as found; bounded the same way. */
    private final Map<GridKey, GridFactor> grids = new ConcurrentHashMap<>();

    private record MethodologyKey(String id, String version) {}

    private record GridKey(String region, int year) {}

    /**
     * A methodology of the registry with its factors' names and site ranges by position. {@code distinctNames}:
     * no name is listed twice, so a report whose factors match it position by position lists none twice either.
     */
    record KnownMethodology(Methodology methodology, List<Factor> factors, SiteRange[] ranges,
                                    boolean distinctNames) {
        static KnownMethodology of(Methodology m) {
            List<Factor> factors = m.factors();
            SiteRange[] ranges = new SiteRange[factors.size()];
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = m.siteParameters().get(factors.get(i).name());
                names.add(factors.get(i).name());
            }
            return new KnownMethodology(m, factors, ranges, names.size() == factors.size());
        }
    }

    public ReportChecker(Collection<EnrolledDevice> enrolled, MethodologyRegistry registry) {
        this(Directory.of(enrolled), registry);
    }

    public ReportChecker(Directory directory, MethodologyRegistry registry) {
        this.directory = directory;
        this.registry = registry;
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
            long s0 = timed ? times.now() : 0;
            boolean valid = verifier(device.get()).verifies(signed, report.signature());
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
        checkTally(b, problems);
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
        Ed25519Verifier v = verifiers.get(device.key());
        return v != null ? v : verifiers.computeIfAbsent(device.key(), Ed25519Verifier::of);
    }

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

    private void checkTally(ReportBody b, List<Problem> problems) {
        MeterSpan m = b.meter();
        if (m.rolloverKwh().signum() <= 0) {
            problems.add(Problem.of(TALLY, "meter.rolloverKwh", "a positive register size", m.rolloverKwh()));
            return;
        }
        BigDecimal energy = m.energyKwh();
        if (energy.compareTo(b.energyKwh()) != 0) {
            problems.add(Problem.of(TALLY, "energyKwh", energy.toPlainString() + " (meter " + m.startKwh()
                    + " -> " + m.endKwh() + ")", b.energyKwh().toPlainString()));
        }
        checkAccounting("", b, b.tally(), energy, problems);
        b.sensitivity().ifPresent(s -> checkAccounting("sensitivity.", b, s, energy, problems));
    }

    private void checkAccounting(String prefix, ReportBody b, Accounting found, BigDecimal energyKwh,
                                 List<Problem> problems) {
        String id = found.methodology().id();
        String version = found.methodology().version();
        Optional<KnownMethodology> known = knownMethodology(id, version);
        if (known.isEmpty()) {
            List<String> table = registry.methodologies().stream().map(Methodology::key).toList();
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology",
                    "a methodology in the registry's table " + table, id + "@" + version));
            return;
        }
        Methodology methodology = known.get().methodology();
        if (!methodology.kinds().contains(b.kind().wireName())) {
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology.id",
                    "a methodology for " + methodology.kinds(), b.kind().wireName() + " report with " + id));
        }
        int before = problems.size();
        if (!factorsMatch(known.get(), found.methodology().factors())) {
            checkFactors(prefix + "methodology.factors", methodology, found.methodology().factors(), problems);
        }
        checkGrid(prefix + "emissions.grid", found.emissions().grid(), problems);
        if (problems.size() > before) {
            return; // recomputing with factors we do not accept would only repeat the same finding
        }
        Accounting expected;
        try {
            expected = calculator.compute(found.methodology(), found.emissions().grid(), energyKwh);
        } catch (MethodologyException e) {
            problems.add(Problem.of(Problem.Kind.METHODOLOGY, prefix + "methodology", "computable", e.getMessage()));
            return;
        }
        Map<String, BigDecimal> want = expected.displaced();
        Map<String, BigDecimal> got = found.displaced();
        if (!want.keySet().equals(got.keySet()) || !sameValues(want, got)) {
            Set<String> keys = new HashSet<>(want.keySet());
            keys.addAll(got.keySet());
            for (String key : keys.stream().sorted().toList()) {
                compare(prefix + "displaced.", key, Optional.ofNullable(want.get(key)),
                        Optional.ofNullable(got.get(key)), problems);
            }
        }
        Emissions e = expected.emissions();
        Emissions f = found.emissions();
        String p = prefix + "emissions.";
        compare(p, "co2Kg", Optional.of(e.co2Kg()), Optional.of(f.co2Kg()), problems);
        compare(p, "so2Kg", e.so2Kg(), f.so2Kg(), problems);
        compare(p, "noxKg", e.noxKg(), f.noxKg(), problems);
        compare(p, "pmKg", e.pmKg(), f.pmKg(), problems);
        compare(p, "co2ProjectKg", Optional.of(e.co2ProjectKg()), Optional.of(f.co2ProjectKg()), problems);
        compare(p, "co2NetKg", Optional.of(e.co2NetKg()), Optional.of(f.co2NetKg()), problems);
    }

    /** Same keys assumed: whether every value compares equal (the common case, checked without sorting). */
    private static boolean sameValues(Map<String, BigDecimal> want, Map<String, BigDecimal> got) {
        for (Map.Entry<String, BigDecimal> w : want.entrySet()) {
            if (w.getValue().compareTo(got.get(w.getKey())) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The field's name is put together only for a problem: this runs a dozen times for every report. */
    private static void compare(String prefix, String name, Optional<BigDecimal> expected, Optional<BigDecimal> found,
                                List<Problem> problems) {
        boolean same = expected.isPresent() == found.isPresent()
                && (expected.isEmpty() || expected.get().compareTo(found.get()) == 0);
        if (!same) {
            problems.add(Problem.of(TALLY, prefix + name, expected.map(BigDecimal::toPlainString).orElse("null"),
                    found.map(BigDecimal::toPlainString).orElse("null")));
        }
    }

    private Optional<KnownMethodology> knownMethodology(String id, String version) {
        MethodologyKey key = new MethodologyKey(id, version);
        KnownMethodology k = known.get(key);
        if (k != null) {
            return Optional.of(k);
        }
        Optional<KnownMethodology> found = registry.find(id, version).map(KnownMethodology::of);
        found.ifPresent(f -> known.putIfAbsent(key, f));
        return found;
    }

    /**
     * Whether {@code found} lists the methodology's factors in its own order, each passing every check of
     * {@link #checkFactors}: the common case, checked without a map. When it does not hold, checkFactors finds
     * out what is wrong.
     */
    static boolean factorsMatch(KnownMethodology k, List<Factor> found) {
        List<Factor> want = k.factors();
        if (!k.distinctNames() || found.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            Factor w = want.get(i);
            Factor got = found.get(i);
            SiteRange range = k.ranges()[i];
            boolean value = range == null ? w.value().compareTo(got.value()) == 0 : range.contains(got.value());
            if (!value || !w.name().equals(got.name()) || !w.unit().equals(got.unit())
                    || !w.source().equals(got.source()) || w.year() != got.year()) {
                return false;
            }
        }
        return true;
    }

    static void checkFactors(String field, Methodology m, List<Factor> found, List<Problem> problems) {
        Map<String, Factor> byName = new HashMap<>();
        for (Factor f : found) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                problems.add(Problem.of(FACTOR, field + "[" + f.name() + "]", "listed once", "listed twice"));
            }
        }
        for (Factor want : m.factors()) {
            Factor got = byName.remove(want.name());
            if (got != null && sameFactor(m, want, got)) {
                continue; // the common case, checked without making the field's name
            }
            String at = field + "[" + want.name() + "]";
            if (got == null) {
                problems.add(Problem.of(FACTOR, at, "present (" + m.key() + ")", "missing"));
                continue;
            }
            SiteRange range = m.siteParameters().get(want.name());
            if (range == null && want.value().compareTo(got.value()) != 0) {
                problems.add(Problem.of(FACTOR, at + ".value", want.value().toPlainString() + " (fixed by "
                        + m.key() + ")", got.value().toPlainString()));
            } else if (range != null && !range.contains(got.value())) {
                problems.add(Problem.of(FACTOR, at + ".value", "a site value in " + range,
                        got.value().toPlainString()));
            }
            if (!want.unit().equals(got.unit())) {
                problems.add(Problem.of(FACTOR, at + ".unit", want.unit(), got.unit()));
            }
            if (!want.source().equals(got.source()) || want.year() != got.year()) {
                problems.add(Problem.of(FACTOR, at + ".source", want.source() + " (" + want.year() + ")",
                        got.source() + " (" + got.year() + ")"));
            }
        }
        for (String extra : byName.keySet()) {
            problems.add(Problem.of(FACTOR, field + "[" + extra + "]", "no such factor in " + m.key(), "present"));
        }
    }

    /** Whether {@code got} passes every check of {@link #checkFactors} against {@code want}. */
    private static boolean sameFactor(Methodology m, Factor want, Factor got) {
        SiteRange range = m.siteParameters().get(want.name());
        boolean value = range == null ? want.value().compareTo(got.value()) == 0 : range.contains(got.value());
        return value && want.unit().equals(got.unit()) && want.source().equals(got.source())
                && want.year() == got.year();
    }

    private Optional<GridFactor> grid(String region, int year) {
        GridKey key = new GridKey(region, year);
        GridFactor g = grids.get(key);
        if (g != null) {
            return Optional.of(g);
        }
        Optional<GridFactor> found = registry.findGrid(region, year);
        found.ifPresent(f -> grids.putIfAbsent(key, f));
        return found;
    }

    private void checkGrid(String field, GridFactor found, List<Problem> problems) {
        Optional<GridFactor> known = grid(found.region(), found.year());
        if (known.isEmpty()) {
            problems.add(Problem.of(FACTOR, field, "a grid factor in the registry's table",
                    found.region() + "/" + found.year()));
        } else if (known.get().value().compareTo(found.value()) != 0
                || !Objects.equals(known.get().unit(), found.unit())) {
            problems.add(Problem.of(FACTOR, field + ".value", known.get().value().toPlainString() + " "
                    + known.get().unit(), found.value().toPlainString() + " " + found.unit()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 20) + "..." : s;
    }
}
