package io.edgetally.registry.export;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.protocol.verify.Problem;
import io.edgetally.protocol.verify.ReportChecker;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auditor's check of a period statement against the reports, without the registry's database: every report
 * verifies on its own (signature by a key the statement lists, hash, every number recomputed), the reports of a
 * device link up where their seqs follow each other, the list of (site, device, seq, hash) is exactly the
 * statement's, and the digest and totals recompute. Optionally the statement's own signature, with the registry
 * key the auditor holds.
 */
public final class StatementCheck {

    /** What was found: nothing when the statement holds. */
    public record Outcome(List<String> problems, List<String> facts) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    private final MethodologyRegistry methodologies;

    public StatementCheck(MethodologyRegistry methodologies) {
        this.methodologies = methodologies;
    }

    public Outcome check(byte[] statementJson, List<byte[]> reports, Optional<Ed25519Verifier> registryKey) {
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        JsonObject statement;
        try {
            statement = Json.parseObject(statementJson);
            if (!PeriodStatement.SCHEMA.equals(statement.string("schema"))) {
                problems.add("statement: schema is not " + PeriodStatement.SCHEMA);
                return new Outcome(problems, facts);
            }
        } catch (JsonException e) {
            problems.add("statement: not a statement JSON: " + e.getMessage());
            return new Outcome(problems, facts);
        }
        if (registryKey.isPresent()) {
            Map<String, JsonValue> body = new LinkedHashMap<>(statement.members());
            JsonValue sig = body.remove("signature");
            boolean ok = sig instanceof JsonValue.JsonString s
                    && registryKey.get().verifies(Json.canonical(new JsonObject(body)), s.value());
            if (ok) {
                facts.add("statement signature verifies with registry key " + registryKey.get().keyId());
            } else {
                problems.add("statement signature does not verify with registry key " + registryKey.get().keyId());
            }
        } else {
            facts.add("statement signature not checked (give --registry-key to check it)");
        }

        Map<String, Map<String, EnrolledDevice>> keys = new HashMap<>();
        statement.object("deviceKeys").members().forEach((address, list) -> {
            int slash = address.indexOf('/');
            for (JsonValue v : ((JsonValue.JsonArray) list).items()) {
                JsonObject k = (JsonObject) v;
                keys.computeIfAbsent(address, a -> new HashMap<>()).put(k.string("keyId"), EnrolledDevice.of(
                        address.substring(0, slash), address.substring(slash + 1), k.string("publicKey")));
                facts.add("device " + address + " key " + k.string("keyId") + " (as the statement lists it)");
            }
        });

        List<PeriodStatement.Entry> found = new ArrayList<>();
        Map<String, TallyReport> bySeq = new HashMap<>();
        PeriodStatement.Totals totals = new PeriodStatement.Totals();
        Map<String, ReportChecker> checkers = new HashMap<>();
        int line = 0;
        for (byte[] bytes : reports) {
            line++;
            String address;
            String keyId;
            try {
                JsonObject o = Json.parseObject(bytes);
                address = o.string("site") + "/" + o.string("device");
                keyId = o.string("keyId");
            } catch (JsonException e) {
                problems.add("reports line " + line + ": not a report: " + e.getMessage());
                continue;
            }
            EnrolledDevice d = keys.getOrDefault(address, Map.of()).get(keyId);
            if (d == null) {
                problems.add("reports line " + line + ": " + address + " key " + keyId + " is not among the"
                        + " statement's device keys");
                continue;
            }
            ReportChecker checker = checkers.computeIfAbsent(address + "#" + keyId,
                    k -> new ReportChecker(List.of(d), methodologies));
            ReportChecker.Checked c = checker.check(bytes);
            if (!c.passed()) {
                problems.add("reports line " + line + ": " + String.join("; ",
                        c.problems().stream().map(Problem::describe).toList()));
                continue;
            }
            TallyReport r = c.report().orElseThrow();
            var e = r.body().tally().emissions();
            totals.add(r.body().energyKwh(), e.co2Kg(), e.co2ProjectKg(), e.co2NetKg());
            found.add(new PeriodStatement.Entry(r.body().site(), r.device(), r.seq(), r.hash()));
            bySeq.put(address + "/" + r.seq(), r);
        }
        found.sort(Comparator.comparing(PeriodStatement.Entry::site).thenComparing(PeriodStatement.Entry::device)
                .thenComparingLong(PeriodStatement.Entry::seq));
        for (PeriodStatement.Entry e : found) {
            TallyReport prev = bySeq.get(e.site() + "/" + e.device() + "/" + (e.seq() - 1));
            TallyReport r = bySeq.get(e.site() + "/" + e.device() + "/" + e.seq());
            if (prev != null && !r.body().prevHash().equals(prev.hash())) {
                problems.add(e.site() + "/" + e.device() + " seq " + e.seq() + ": prevHash is not the hash of seq "
                        + (e.seq() - 1));
            }
        }

        List<PeriodStatement.Entry> listed = new ArrayList<>();
        for (JsonValue v : statement.array("reports").items()) {
            JsonObject o = (JsonObject) v;
            listed.add(new PeriodStatement.Entry(o.string("site"), o.string("device"), o.longValue("seq"),
                    o.string("hash")));
        }
        if (!listed.equals(found)) {
            List<PeriodStatement.Entry> missing = new ArrayList<>(listed);
            missing.removeAll(found);
            List<PeriodStatement.Entry> extra = new ArrayList<>(found);
            extra.removeAll(listed);
            problems.add("the statement lists " + listed.size() + " reports, the reports file verifies " + found.size()
                    + (missing.isEmpty() ? "" : "; listed but not verified: " + head(missing))
                    + (extra.isEmpty() ? "" : "; verified but not listed: " + head(extra)));
        }
        String digest = PeriodStatement.digest(found);
        if (!digest.equals(statement.string("digest"))) {
            problems.add("digest: the statement says " + statement.string("digest") + ", the reports give " + digest);
        } else {
            facts.add("digest " + digest + " recomputed over " + found.size() + " reports");
        }
        JsonObject stated = statement.object("totals");
        JsonObject mine = totals.json();
        for (String k : List.of("reports", "energyKwh", "co2Kg", "co2ProjectKg", "co2NetKg")) {
            BigDecimal a = stated.decimal(k);
            BigDecimal b = mine.decimal(k);
            if (a.compareTo(b) != 0) {
                problems.add("totals." + k + ": the statement says " + a.toPlainString() + ", the reports give "
                        + b.toPlainString());
            }
        }
        if (problems.isEmpty()) {
            facts.add("totals recomputed: " + Json.write(mine));
        }
        return new Outcome(problems, facts);
    }

    private static String head(List<PeriodStatement.Entry> entries) {
        List<String> s = entries.stream().limit(5).map(e -> e.site() + "/" + e.device() + " seq " + e.seq()).toList();
        return s + (entries.size() > 5 ? " ... (" + entries.size() + ")" : "");
    }
}
