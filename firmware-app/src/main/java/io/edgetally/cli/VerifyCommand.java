package io.edgetally.cli;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.verify.AuditResult;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.protocol.verify.LedgerAudit;
import io.edgetally.protocol.verify.Problem;
import io.edgetally.protocol.verify.Totals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * {@code edgetally verify}: audits a device's SQLite ledger or a JSON-lines stream of reports the way a registry
 * does (signatures, hash chain, seq gaps and duplicates, every number recomputed) and prints a summary.
 * Exit code 0 when everything verifies, 1 when problems were found, 2 for a usage or input error.
 */
public final class VerifyCommand implements Command {

    private static final Usage USAGE = Usage.of("(--db FILE | --jsonl FILE) --pubkey KEY [--pubkey KEY ...] [--fast]",
            "check a ledger or a stream of reports as a registry does: signatures, chain, gaps, tallies",
            Usage.Option.value("db", "FILE", "a device's SQLite database (read only); its tally_records are audited "
                    + "in seq order"),
            Usage.Option.value("jsonl", "FILE", "one report per line, in the order received"),
            Usage.Option.value("pubkey", "KEY", "the device's enrolled Ed25519 public key: base64, or @FILE holding "
                    + "it; SITE/DEVICE=KEY for a ledger of several devices (a bare key is bound to the site and device "
                    + "of the first record); repeat for more devices"),
            Usage.Option.flag("fast", "verify every hash and link but the signature only of chain anchors (the last "
                    + "record before each break, at the end, every " + LedgerAudit.CHECKPOINT + " records): much "
                    + "faster on large ledgers"));

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) {
        Optional<Path> db = a.option("db").map(Path::of);
        Optional<Path> jsonl = a.option("jsonl").map(Path::of);
        List<String> keys = a.options("pubkey");
        boolean fast = a.flag("fast");
        if (db.isPresent() == jsonl.isPresent()) {
            throw new Cli.UsageException("give exactly one of --db FILE or --jsonl FILE");
        }
        if (keys.isEmpty()) {
            throw new Cli.UsageException("give the device's public key with --pubkey");
        }
        Path input = db.orElseGet(jsonl::orElseThrow);
        if (!Files.isRegularFile(input)) {
            err.println("edgetally verify: " + input + " does not exist or is not a file");
            return 2;
        }
        try {
            Records records = db.isPresent() ? readDb(input) : readJsonLines(input);
            List<EnrolledDevice> enrolled = enrol(keys, records);
            LedgerAudit.Signatures mode = fast ? LedgerAudit.Signatures.CHAIN_ANCHORED
                    : LedgerAudit.Signatures.EVERY_RECORD;
            AuditResult result = LedgerAudit.verifyAll(records.bytes(), enrolled, MethodologyRegistry.builtIn(),
                    mode);
            print(input, records, enrolled, result, out);
            return result.clean() ? 0 : 1;
        } catch (InputException e) {
            err.println("edgetally verify: " + e.getMessage());
            return 2;
        }
    }

    /**
     * The records read, and where each was: {@code lines} holds the line number of each record of a JSON-lines
     * file (blank lines are skipped, so the audit's position is not the line), and is empty for a database.
     */
    private record Records(Path file, List<byte[]> bytes, List<Integer> lines) {
        /** How a user finds record {@code position} (1-based) again: the file's line, or the ledger position. */
        String where(long position) {
            return lines.isEmpty() ? "record " + position : file + " line " + lines.get((int) position - 1);
        }
    }

    private static Records readDb(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<byte[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tally_records'")) {
                if (!t.next()) {
                    throw new InputException(file + " has no tally_records table: not an edgetally database");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT payload FROM tally_records ORDER BY seq")) {
                while (rs.next()) {
                    out.add(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (SQLException e) {
            throw new InputException("cannot read " + file + " as SQLite: " + e.getMessage());
        }
        return new Records(file, out, List.of());
    }

    private static Records readJsonLines(Path file) {
        List<byte[]> out = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        // strict UTF-8: a binary file is an error naming it, not lines of replacement characters
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()))) {
            int number = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                number++;
                if (!line.isBlank()) {
                    out.add(line.strip().getBytes(StandardCharsets.UTF_8));
                    lines.add(number);
                }
            }
        } catch (CharacterCodingException e) {
            throw new InputException(file + " line " + (lines.isEmpty() ? 1 : lines.getLast() + 1)
                    + ": not UTF-8 text; --jsonl takes one JSON report per line");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        return new Records(file, out, lines);
    }

    private static List<EnrolledDevice> enrol(List<String> keys, Records records) {
        List<EnrolledDevice> out = new ArrayList<>();
        for (String spec : keys) {
            // A bare base64 key may hold '/' and ends in '=' padding; SITE/DEVICE=KEY has its first '=' before a key.
            int eq = spec.indexOf('=');
            boolean named = !spec.startsWith("@") && eq > 0 && eq < spec.length() - 1
                    && spec.substring(0, eq).contains("/");
            String keyText = keyText(named ? spec.substring(eq + 1) : spec);
            String site;
            String device;
            if (named) {
                String who = spec.substring(0, eq);
                site = who.substring(0, who.indexOf('/'));
                device = who.substring(who.indexOf('/') + 1);
            } else {
                JsonObject first = firstRecord(records);
                site = first.string("site");
                device = first.string("device");
            }
            try {
                out.add(EnrolledDevice.of(site, device, keyText));
            } catch (IllegalArgumentException e) {
                throw new InputException("--pubkey " + spec + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String keyText(String spec) {
        if (!spec.startsWith("@")) {
            return spec;
        }
        Path file = Path.of(spec.substring(1));
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new InputException("cannot read public key file " + file + ": " + e.getMessage());
        }
    }

    private static JsonObject firstRecord(Records records) {
        Optional<String> firstError = Optional.empty();
        for (int i = 0; i < records.bytes().size(); i++) {
            try {
                JsonObject o = Json.parseObject(records.bytes().get(i));
                if (o.has("site") && o.has("device")) {
                    return o;
                }
            } catch (JsonException e) {
                // unreadable records are reported by the audit itself, unless none is readable at all
                if (firstError.isEmpty()) {
                    firstError = Optional.of(records.where(i + 1) + ": not a JSON report (" + e.getMessage() + ")");
                }
            }
        }
        if (records.bytes().isEmpty()) {
            throw new InputException(records.file() + " holds no records");
        }
        throw new InputException(firstError.map(m -> m + "; a JSON-lines file holds one report per line, as"
                        + " edgetally's ledger export and an MQTT capture do")
                .orElse(records.file() + ": no record names its site and device; give --pubkey SITE/DEVICE=KEY"));
    }

    private static void print(Path input, Records records, List<EnrolledDevice> enrolled, AuditResult r,
                              PrintStream out) {
        out.printf("edgetally verify: %s: %,d records, signatures %s%n", input, r.records(),
                r.signatures() == LedgerAudit.Signatures.EVERY_RECORD ? "checked on every record"
                        : "checked on chain anchors (--fast)");
        enrolled.forEach(d -> out.printf("  enrolled %s/%s key %s%n", d.site(), d.device(), d.keyId()));
        for (Map.Entry<String, AuditResult.DeviceSummary> e : r.devices().entrySet()) {
            AuditResult.DeviceSummary d = e.getValue();
            Totals t = d.totals();
            out.printf("  %s: chain to seq %d, %,d accepted, missing seqs: %s%n", e.getKey(), d.lastSeq(),
                    t.reports(), d.missingSeqs().isEmpty() ? "none" : compact(d.missingSeqs()));
            out.printf("    energy %s kWh; displaced %s; CO2 %s kg gross, %s kg grid, %s kg net%n",
                    plain(t.energyKwh()), displaced(t.displaced()), plain(t.co2Kg()), plain(t.co2ProjectKg()),
                    plain(t.co2NetKg()));
        }
        if (r.duplicates() > 0) {
            out.printf("  %,d identical duplicate(s), e.g. MQTT redeliveries: safe, each counted once%n",
                    r.duplicates());
        }
        r.rejected().forEach(x -> out.println("  REJECTED " + records.where(x.position()) + " ("
                + x.device().orElse("?") + " " + (x.seq().isPresent() ? "seq " + x.seq().getAsLong() : "seq ?")
                + "): " + String.join("; ", x.problems().stream().map(Problem::describe).toList())));
        if (r.rejectedCount() > r.rejected().size()) {
            out.printf("  ... and %,d more rejected records%n", r.rejectedCount() - r.rejected().size());
        }
        out.println(r.clean() ? "result: CLEAN, every record verifies"
                : "result: PROBLEMS, " + r.rejectedCount() + " record(s) rejected, "
                        + r.devices().values().stream().mapToLong(d -> d.missingSeqs().size()).sum()
                        + " seq(s) missing");
    }

    private static String displaced(Map<String, BigDecimal> d) {
        List<String> parts = new ArrayList<>();
        d.forEach((k, v) -> parts.add(k + " " + plain(v)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String plain(BigDecimal v) {
        return Json.canonicalNumber(v);
    }

    private static String compact(List<Long> seqs) {
        return seqs.size() <= 20 ? seqs.toString() : seqs.subList(0, 20) + " ... (" + seqs.size() + " in all)";
    }

    private static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }
}
