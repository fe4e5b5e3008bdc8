package io.edgetally.registry.cli;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.methodology.Methodology;
import io.edgetally.protocol.methodology.MethodologyException;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.verify.Enrolment;
import io.edgetally.protocol.verify.Enrolment.MethodologyKey;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.config.ConfigException;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.export.PeriodStatement;
import io.edgetally.registry.export.StatementCheck;
import io.edgetally.registry.export.VerifiedTotals;
import io.edgetally.registry.keys.RegistryKey;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code edgetally-registry COMMAND ...}: the registry's one entry point. Exit codes: 0 done, 1 a check found
 * problems, 2 a usage or input error (the message names the option, file or key), 3 the database or broker failed.
 */
public final class RegistryMain {

    static final String USAGE = """
            usage: edgetally-registry COMMAND [OPTIONS]   (each command answers --help)
              serve --config FILE                     receive, verify, store and acknowledge reports; fleet page
              enrol --config FILE --site S --device D --key KEY --kind KIND --methodology ID/VERSION
                    [--sensitivity ID/VERSION] --grid-region REGION --grid-year YEAR
              revoke --config FILE --site S --device D
              devices --config FILE                   the enrolled devices, their keys and chain heads
              import --config FILE --jsonl FILE       file reports from a file (a device's ledger), same checks
              alarms --config FILE [--clear ID --by NAME]   open alarms; clear a registry alarm once looked into
              export --config FILE --from DATE --to DATE [--site S] [--by day|month] [--format csv|json]
                    [--zone ZONE] [--out FILE]
              statement --config FILE --from DATE --to DATE [--site S] --out FILE [--reports FILE]
              check-statement --statement FILE --reports FILE [--registry-key KEY]
              keys init --config FILE | keys show --config FILE
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    RegistryMain(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The command line on the system clock, writing to the given streams (the developer launcher runs it so). */
    public static RegistryMain of(PrintStream out, PrintStream err) {
        return new RegistryMain(out, err, Clock.systemUTC());
    }

    /** A command line writing to the given streams, on the system clock (tests in other packages). */
    public static RegistryMain forTests(PrintStream out, PrintStream err) {
        return new RegistryMain(out, err, Clock.systemUTC());
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            // a command's output is its result; the database pool's and migrations' progress is noise there
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new RegistryMain(System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command; returns its exit code. */
    public int run(String... argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            (argv.length == 0 ? err : out).print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        String command = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            return switch (command) {
                case "serve" -> serve(rest);
                case "enrol" -> enrol(rest);
                case "revoke" -> revoke(rest);
                case "devices" -> devices(rest);
                case "import" -> importReports(rest);
                case "alarms" -> alarms(rest);
                case "export" -> export(rest);
                case "statement" -> statement(rest);
                case "check-statement" -> checkStatement(rest);
                case "keys" -> keys(rest);
                default -> usage("unknown command '" + command + "'", USAGE);
            };
        } catch (Args.UsageException e) {
            return usage(e.getMessage(), usageOf(command));
        } catch (ConfigException | RegistryKey.KeyFileException | IllegalArgumentException | MethodologyException e) {
            err.println("edgetally-registry " + command + ": " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            err.println("edgetally-registry " + command + ": " + e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("edgetally-registry " + command + ": " + e.getMessage());
            return 2;
        }
    }

    private int usage(String problem, String usage) {
        err.println("edgetally-registry: " + problem);
        err.print(usage);
        return 2;
    }

    private static String usageOf(String command) {
        return switch (command) {
            case "serve" -> SERVE_HELP;
            case "enrol" -> ENROL_HELP;
            case "export" -> EXPORT_HELP;
            case "keys" -> KEYS_HELP;
            default -> USAGE;
        };
    }

    private static final String SERVE_HELP = """
            usage: edgetally-registry serve --config FILE
              Receives the devices' reports over MQTT, verifies each (signature, enrolment, chain, every number),
              stores it in PostgreSQL, publishes the signed ack, and serves the fleet page and its JSON API.
              Runs until stopped (SIGTERM).
            """;

    private int serve(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--config"), Set.of());
        if (a.help()) {
            out.print(SERVE_HELP);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        RegistryService service;
        try {
            service = RegistryService.start(config, clock);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            err.println("edgetally-registry serve: MQTT client: " + e.getMessage());
            return 3;
        }
        out.println("edgetally-registry: serving; fleet page on http://" + config.http().host() + ":"
                + service.httpPort() + "/ ; reports from " + config.mqtt().uri() + " (" + config.mqtt().reportFilter()
                + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static final String ENROL_HELP = """
            usage: edgetally-registry enrol --config FILE --site S --device D --key KEY --kind KIND
                     --methodology ID/VERSION [--sensitivity ID/VERSION] --grid-region REGION --grid-year YEAR
              Enrols a device (or changes the terms of one enrolled with the same key). KEY is the device's
              Ed25519 public key in base64 (what 'edgetally keys show' prints on the device), or @FILE holding it.
              KIND: curing-barn or swap-station. The methodology, sensitivity and grid factor are fixed from then
              on: reports booked with others are refused (ENROLMENT).
            """;

    private int enrol(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--config", "--site", "--device", "--key", "--kind", "--methodology",
                "--sensitivity", "--grid-region", "--grid-year"), Set.of());
        if (a.help()) {
            out.print(ENROL_HELP);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        String site = a.require("--site");
        String device = a.require("--device");
        String key = keyText(a.require("--key"));
        SiteKind kind = SiteKind.fromWire(a.require("--kind")).orElseThrow(() -> new Args.UsageException(
                "--kind must be curing-barn or swap-station, was '" + a.require("--kind") + "'"));
        MethodologyKey methodology = MethodologyKey.parse(a.require("--methodology"));
        Optional<MethodologyKey> sensitivity = a.optional("--sensitivity").map(MethodologyKey::parse);
        Enrolment terms = new Enrolment(kind, methodology, sensitivity, a.require("--grid-region"),
                a.integer("--grid-year"));
        check(terms, MethodologyRegistry.builtIn());
        try (Database db = Database.open(config)) {
            Enrolments.Device d = new Enrolments(db).enrol(site, device, key, terms, clock.instant());
            out.println("enrolled " + site + "/" + device + " key " + d.currentKey().orElseThrow().keyId() + ", "
                    + kind.wireName() + ", " + methodology + sensitivity.map(s -> " (sensitivity " + s + ")").orElse("")
                    + ", grid " + terms.gridRegion() + " " + terms.gridYear());
        }
        return 0;
    }

    /** The terms must name what the methodology table has, for this kind of site. */
    private static void check(Enrolment terms, MethodologyRegistry table) {
        List<MethodologyKey> keys = new ArrayList<>(List.of(terms.methodology()));
        terms.sensitivity().ifPresent(keys::add);
        for (MethodologyKey k : keys) {
            Methodology m = table.require(k.id(), k.version());
            if (!m.kinds().contains(terms.kind().wireName())) {
                throw new IllegalArgumentException("methodology " + k + " is for " + m.kinds() + ", not for a "
                        + terms.kind().wireName());
            }
        }
        table.requireGrid(terms.gridRegion(), terms.gridYear());
    }

    private static String keyText(String spec) throws IOException {
        if (!spec.startsWith("@")) {
            return spec;
        }
        Path file = Path.of(spec.substring(1));
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        // accept the enrolment block 'edgetally keys show' prints, as well as the bare key
        for (String line : text.lines().toList()) {
            if (line.startsWith("ed25519 public key ")) {
                return line.substring("ed25519 public key ".length()).strip();
            }
        }
        return text;
    }

    private int revoke(List<String> args) {
        Args a = Args.parse(args, Set.of("--config", "--site", "--device"), Set.of());
        if (a.help()) {
            out.print("""
                    usage: edgetally-registry revoke --config FILE --site S --device D
                      Revokes the device's key in force: reports signed with it are refused from now on (REVOKED);
                      those accepted before stay stored and verifiable. Enrol the device's new key afterwards.
                    """);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        try (Database db = Database.open(config)) {
            Enrolments.DeviceKey k = new Enrolments(db).revoke(a.require("--site"), a.require("--device"),
                    clock.instant());
            out.println("revoked key " + k.keyId() + " of " + a.require("--site") + "/" + a.require("--device"));
        }
        return 0;
    }

    private int devices(List<String> args) {
        Args a = Args.parse(args, Set.of("--config"), Set.of());
        if (a.help()) {
            out.print("usage: edgetally-registry devices --config FILE\n  Lists the enrolled devices: terms, keys"
                    + " (current and revoked), chain head.\n");
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        try (Database db = Database.open(config)) {
            var queries = new io.edgetally.registry.store.FleetQueries(db, clock);
            var snapshot = new Enrolments(db).snapshot();
            for (var d : queries.devices()) {
                out.printf("%s/%s %s %s%s grid %s: chain to seq %d, %d verified reports, state %s%n", d.site(),
                        d.device(), d.kind(), d.methodology(), d.sensitivity().map(s -> " (+" + s + ")").orElse(""),
                        d.grid(), d.headSeq(), d.reports(), d.state().orElse("unknown"));
                snapshot.find(d.site(), d.device()).ifPresent(e -> e.keys().forEach(k -> out.printf(
                        "  key %s %s%n", k.keyId(), k.revokedAt().map(t -> "revoked " + t).orElse("in force"))));
            }
        }
        return 0;
    }

    private int importReports(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--config", "--jsonl"), Set.of());
        if (a.help()) {
            out.print("""
                    usage: edgetally-registry import --config FILE --jsonl FILE
                      Files reports from a JSON-lines file (one report per line, as a device's ledger holds them:
                      sqlite3 edgetally.db "SELECT payload FROM tally_records ORDER BY seq") through the same checks
                      and store as the MQTT ingest. No ack is published. Exit 0: every report stored (or held
                      already); 1: some were refused (the reasons are printed and kept in the rejections).
                    """);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        List<byte[]> reports = readLines(Path.of(a.require("--jsonl")));
        try (Database db = Database.open(config)) {
            var result = new io.edgetally.registry.ingest.ReportImport(new Enrolments(db),
                    new io.edgetally.registry.store.IngestStore(db), MethodologyRegistry.builtIn(), clock).run(reports);
            out.printf("imported %s: %d reports read, %d stored, %d held already, %d refused%n", a.require("--jsonl"),
                    result.read(), result.stored(), result.duplicates(), result.rejected());
            result.reasons().forEach(r -> out.println("  REFUSED " + r));
            return result.rejected() == 0 ? 0 : 1;
        } catch (java.sql.SQLException e) {
            throw new StoreException("importing: " + e.getMessage(), e);
        }
    }

    private int alarms(List<String> args) {
        Args a = Args.parse(args, Set.of("--config", "--clear", "--by"), Set.of());
        if (a.help()) {
            out.print("""
                    usage: edgetally-registry alarms --config FILE [--clear ID --by NAME]
                      Lists the open alarms: the devices' own (until the device clears them) and the registry's
                      (FORK, CHAIN, PERIOD, METER_CONTINUITY, TAIL_MISSING), each registry alarm with its id.
                      --clear ID --by NAME closes a registry alarm once someone has looked into it (TAIL_MISSING
                      closes by itself when the announced reports arrive).
                    """);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        try (Database db = Database.open(config)) {
            var queries = new io.edgetally.registry.store.FleetQueries(db, clock);
            if (a.optional("--clear").isPresent()) {
                long id;
                try {
                    id = Long.parseLong(a.require("--clear"));
                } catch (NumberFormatException e) {
                    throw new Args.UsageException("--clear must be an alarm id (a number), was '"
                            + a.require("--clear") + "'");
                }
                if (!queries.clearRegistryAlarm(id, a.require("--by"))) {
                    err.println("edgetally-registry alarms: no open registry alarm " + id);
                    return 1;
                }
                out.println("cleared registry alarm " + id);
                return 0;
            }
            for (var alarm : queries.openAlarms()) {
                out.printf("%s %s/%s %s%s since %s: %s%n", alarm.source(), alarm.site(), alarm.device(),
                        alarm.code(), alarm.source().equals("registry") ? " (id " + alarm.id() + ")" : "",
                        alarm.raisedAt(), alarm.message());
            }
        }
        return 0;
    }

    private static List<byte[]> readLines(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static final String EXPORT_HELP = """
            usage: edgetally-registry export --config FILE --from DATE --to DATE [--site S] [--by day|month]
                     [--format csv|json] [--zone ZONE] [--out FILE]
              Verified totals per site, device, methodology, factor set and day (or month): energy, displaced
              fuel, CO2 gross, grid and net, SO2, NOx, PM. Reports count by the day their period ends, in ZONE
              (default UTC); DATEs are days in ZONE, --to exclusive. Only reports in a device's contiguous,
              verified chain count.
            """;

    private int export(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--config", "--from", "--to", "--site", "--by", "--format", "--zone",
                "--out"), Set.of());
        if (a.help()) {
            out.print(EXPORT_HELP);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        ZoneId zone = zone(a.optional("--zone").orElse("UTC"));
        Instant from = day(a.require("--from"), "--from", zone);
        Instant to = day(a.require("--to"), "--to", zone);
        VerifiedTotals.By by = switch (a.optional("--by").orElse("day")) {
            case "day" -> VerifiedTotals.By.DAY;
            case "month" -> VerifiedTotals.By.MONTH;
            default -> throw new Args.UsageException("--by must be day or month, was '" + a.require("--by") + "'");
        };
        String format = a.optional("--format").orElse("csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new Args.UsageException("--format must be csv or json, was '" + format + "'");
        }
        String text;
        try (Database db = Database.open(config)) {
            List<VerifiedTotals.Row> rows = new VerifiedTotals(db).rows(from, to, a.optional("--site"), by, zone);
            text = format.equals("csv") ? VerifiedTotals.csv(rows)
                    : VerifiedTotals.json(rows, from, to, a.optional("--site"), by, zone);
        }
        write(a.optional("--out"), text);
        return 0;
    }

    private int statement(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--config", "--from", "--to", "--site", "--out", "--reports", "--zone"),
                Set.of());
        if (a.help()) {
            out.print("""
                    usage: edgetally-registry statement --config FILE --from DATE --to DATE [--site S] --out FILE
                             [--reports FILE] [--zone ZONE]
                      A period statement: every verified report whose period ends in [from, to), with its hash,
                      one digest over them, the totals and the device keys, signed by the registry key. With
                      --reports, also writes those reports (one per line, byte for byte) for the auditor, who
                      checks both with 'edgetally-registry check-statement'.
                    """);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        ZoneId zone = zone(a.optional("--zone").orElse("UTC"));
        Instant from = day(a.require("--from"), "--from", zone);
        Instant to = day(a.require("--to"), "--to", zone);
        Path outFile = Path.of(a.require("--out"));
        Ed25519Signer key = RegistryKey.load(config.signingKey());
        try (Database db = Database.open(config)) {
            Optional<OutputStream> reports = a.optional("--reports").map(Path::of).map(p -> {
                try {
                    return Files.newOutputStream(p);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write --reports " + p + ": " + e.getMessage());
                }
            });
            var statement = new PeriodStatement(db).build(from, to, a.optional("--site"), clock.instant(), key,
                    reports);
            if (reports.isPresent()) {
                reports.get().close();
            }
            Files.writeString(outFile, Json.pretty(statement) + "\n", StandardCharsets.UTF_8);
            out.println("statement " + outFile + ": " + statement.object("totals").longValue("reports")
                    + " reports, digest " + statement.string("digest"));
        }
        return 0;
    }

    private int checkStatement(List<String> args) throws IOException {
        Args a = Args.parse(args, Set.of("--statement", "--reports", "--registry-key"), Set.of());
        if (a.help()) {
            out.print("""
                    usage: edgetally-registry check-statement --statement FILE --reports FILE [--registry-key KEY]
                      The auditor's check, without the registry's database: every report verifies (signature by a
                      key the statement lists, every number recomputed), the reports link up, the listed hashes,
                      the digest and the totals recompute; with --registry-key (base64) the statement's signature
                      too. Exit 0: the statement holds; 1: problems (each printed).
                    """);
            return 0;
        }
        byte[] statement = Files.readAllBytes(Path.of(a.require("--statement")));
        List<byte[]> reports = readLines(Path.of(a.require("--reports")));
        Optional<Ed25519Verifier> key = a.optional("--registry-key").map(Ed25519Verifier::ofBase64);
        StatementCheck.Outcome o = new StatementCheck(MethodologyRegistry.builtIn()).check(statement, reports, key);
        o.facts().forEach(f -> out.println("  " + f));
        o.problems().forEach(p -> out.println("  PROBLEM " + p));
        out.println(o.clean() ? "result: the statement holds" : "result: " + o.problems().size() + " problem(s)");
        return o.clean() ? 0 : 1;
    }

    private int keys(List<String> args) {
        if (args.isEmpty() || (!args.getFirst().equals("init") && !args.getFirst().equals("show"))) {
            if (args.contains("--help") || args.contains("-h")) {
                out.print(KEYS_HELP);
                return 0;
            }
            return usage("keys needs init or show", KEYS_HELP);
        }
        Args a = Args.parse(args.subList(1, args.size()), Set.of("--config"), Set.of());
        if (a.help()) {
            out.print(KEYS_HELP);
            return 0;
        }
        RegistryConfig config = RegistryConfig.load(Path.of(a.require("--config")));
        Ed25519Signer key = args.getFirst().equals("init") ? RegistryKey.create(config.signingKey())
                : RegistryKey.load(config.signingKey());
        out.print(RegistryKey.describe(key));
        return 0;
    }

    private static final String KEYS_HELP = """
            usage: edgetally-registry keys init --config FILE | keys show --config FILE
              init: creates the registry's Ed25519 signing key (signingKey in the config, mode 600); refuses to
                    overwrite one. show: prints its public key, which every device is provisioned with to check
                    the registry's signed acks.
            """;

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (RuntimeException e) {
            throw new Args.UsageException("--zone must be a time zone such as UTC or Asia/Shanghai, was '" + text
                    + "'");
        }
    }

    private static Instant day(String text, String option, ZoneId zone) {
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException(option + " must be a day as YYYY-MM-DD, was '" + text + "'");
        }
    }

    private void write(Optional<String> file, String text) throws IOException {
        if (file.isPresent()) {
            Files.writeString(Path.of(file.get()), text, StandardCharsets.UTF_8);
            out.println("wrote " + file.get());
        } else {
            out.print(text);
        }
    }
}
