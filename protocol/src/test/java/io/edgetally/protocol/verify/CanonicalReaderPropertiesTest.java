package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.chain.ReportSigner;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.CanonicalReportReader;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.ReportFormatException;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The canonical report reader (the verifier's fast path) against the general one (JSON tree, then the codec):
 * whatever it reads, the general reader reads as the same report (numbers at the same scale, quantities in the same
 * order) with the hash and signature members at the same offsets; a record a device writes it always reads; and
 * on mutated and adversarial records it either agrees or declines, never reads a record the general reader
 * refuses.
 */
class CanonicalReaderPropertiesTest {

    private static final MethodologyRegistry REGISTRY = MethodologyRegistry.builtIn();
    private static List<byte[]> records;

    @BeforeContainer
    static void chains() {
        List<byte[]> all = new ArrayList<>();
        all.addAll(ReportChains.bytes(new ReportChains().reports(6))); // barn, curing-net sensitivity
        all.addAll(chain(SiteKind.SWAP_STATION, "swap-diesel", Optional.of("swap-diesel"), "CN-SC", 2022, 4, 7));
        all.addAll(chain(SiteKind.SWAP_STATION, "swap-diesel", Optional.empty(), "CN", 2024, 4, 11));
        all.addAll(chain(SiteKind.CURING_BARN, "curing-net", Optional.empty(), "CN", 2023, 4, 13));
        records = all;
    }

    private static List<byte[]> chain(SiteKind kind, String primary, Optional<String> sensitivity, String region,
                                      int year, int n, long seed) {
        ResolvedPlanHolder plan = new ResolvedPlanHolder(primary, sensitivity, region, year);
        ReportFactory factory = new ReportFactory("site-" + seed, "device-" + seed, kind, plan.resolve(),
                new ReportSigner(ReportChains.newKeys()));
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        String prev = TallyReport.GENESIS_HASH;
        BigDecimal kwh = BigDecimal.valueOf(r.nextInt(1_000_000), 2);
        for (int i = 0; i < n; i++) {
            BigDecimal end = kwh.add(BigDecimal.valueOf(r.nextInt(50_000), r.nextInt(4)));
            var from = ReportChains.START.plus(Duration.ofMinutes(15L * i));
            TallyReport t = factory.next(i + 1, prev, from, from.plusSeconds(900), r.nextBoolean(),
                    new MeterSpan("meter-" + seed, kwh, end, new BigDecimal("1000000")));
            out.add(TallyReportCodec.toBytes(t));
            prev = t.hash();
            kwh = end;
        }
        return out;
    }

    private record ResolvedPlanHolder(String primary, Optional<String> sensitivity, String region, int year) {
        io.edgetally.protocol.methodology.ResolvedPlan resolve() {
            return REGISTRY.resolve(new AccountingPlan(MethodologyChoice.of(primary, "1"),
                    sensitivity.map(s -> MethodologyChoice.of(s, "1")), region, year));
        }
    }

    /** What the general reader makes of the bytes: the report with the offsets its parser saw, or the error. */
    private record General(Optional<CanonicalReportReader.Read> read, String error) {}

    private static General general(byte[] bytes) {
        int[] at = {-1, -1};
        try {
            TallyReport report = TallyReportCodec.fromJson(Json.parseObject(bytes, (name, offset) -> {
                if (name.equals("hash")) {
                    at[0] = offset;
                } else if (name.equals("signature")) {
                    at[1] = offset;
                }
            }));
            return new General(Optional.of(new CanonicalReportReader.Read(report, at[0], at[1])), "");
        } catch (JsonException | ReportFormatException | IllegalArgumentException e) {
            return new General(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The fast reader's result, if any, is the general reader's. Returns whether the fast reader read it. */
    private static boolean agree(byte[] bytes) {
        Optional<CanonicalReportReader.Read> fast = CanonicalReportReader.read(bytes);
        if (fast.isEmpty()) {
            return false;
        }
        General g = general(bytes);
        assertThat(g.read()).as("the general reader refuses what the fast one read (%s): %s", g.error(),
                new String(bytes, StandardCharsets.UTF_8)).isPresent();
        CanonicalReportReader.Read want = g.read().get();
        CanonicalReportReader.Read got = fast.get();
        assertThat(got.report()).isEqualTo(want.report()); // BigDecimal equality includes the scale
        assertThat(got.hashAt()).isEqualTo(want.hashAt());
        assertThat(got.signatureAt()).isEqualTo(want.signatureAt());
        assertSameOrder(got.report().body().tally(), want.report().body().tally());
        got.report().body().sensitivity().ifPresent(s ->
                assertSameOrder(s, want.report().body().sensitivity().orElseThrow()));
        return true;
    }

    private static void assertSameOrder(Accounting a, Accounting b) {
        assertThat(List.copyOf(a.displaced().keySet())).isEqualTo(List.copyOf(b.displaced().keySet()));
    }

    @Example
    void readsEveryRecordADeviceWrites() {
        for (byte[] r : records) {
            assertThat(agree(r)).as(new String(r, StandardCharsets.UTF_8)).isTrue();
        }
    }

    @Property(tries = 3000)
    void agreesOrDeclinesOnMutatedRecords(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int edits) {
        Random r = new Random(seed);
        String text = new String(records.get(r.nextInt(records.size())), StandardCharsets.UTF_8);
        for (int i = 0; i < edits; i++) {
            text = mutate(text, r);
        }
        Statistics.collect(agree(text.getBytes(StandardCharsets.UTF_8)) ? "read" : "declined");
        // both outcomes are exercised: the mutations are not all fatal, nor all harmless
        Statistics.coverage(c -> {
            c.check("read").percentage(p -> p > 5);
            c.check("declined").percentage(p -> p > 20);
        });
    }

    @Property(tries = 1000)
    void agreesOrDeclinesOnRandomByteChanges(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] bytes = records.get(r.nextInt(records.size())).clone();
        int changes = 1 + r.nextInt(3);
        for (int i = 0; i < changes; i++) {
            bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
        agree(bytes);
    }

    /** Records a device might write differently, and records made to mislead: agreed on, or left to the general reader. */
    @Example
    void agreesOrDeclinesOnAdversarialRecords() {
        String sound = new String(records.get(0), StandardCharsets.UTF_8);
        String swap = new String(records.get(6), StandardCharsets.UTF_8);
        List<String> declined = List.of(
                sound.replaceFirst("\\{", "{ "),                                           // white space
                sound.replaceFirst("\"device\":", "\"device\" :"),
                sound.replaceFirst("}$", "} "),
                sound.replaceFirst("\"site\":\"([^\"]*)\"", "\"site\":\"$1\",\"site\":\"other\""), // duplicate member
                sound.replaceFirst("\"clockSynced\"", "\"aaa\":1,\"clockSynced\""),       // unknown member
                sound.replaceFirst("\"device\":\"", "\"device\":\"\\\\u0041"),            // an escape
                sound.replaceFirst("\"device\":\"", "\"device\":\"\u00e9"),               // non-ASCII
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":1e2"),       // exponent
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":1234567890123456789.5"),
                sound.replaceFirst("\"seq\":([0-9]+)", "\"seq\":1.0"),
                sound.replaceFirst("\"seq\":([0-9]+)", "\"seq\":\"1\""),
                sound.replaceFirst("\"year\":([0-9]+)", "\"year\":4294967297"),           // past an int
                sound.replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\" \""),               // blank factor name
                sound.replaceFirst("\"kind\":\"[^\"]*\"", "\"kind\":\"boat\""),
                sound.replaceFirst("\"periodEnd\":\"[^\"]*\"", "\"periodEnd\":\"2026-02-30T00:00:00Z\""),
                sound.replaceFirst("\"displaced\":\\{\"coalKgce\":([0-9.]+)",
                        "\"displaced\":{\"coalKgce\":$1,\"coalKgce\":$1"),                // duplicate quantity
                sound.replaceFirst("\"displaced\":\\{\"coalKgce\":([0-9.]+)",
                        "\"displaced\":{\"zz\":1,\"coalKgce\":$1"),                       // out of order
                sound.substring(0, sound.length() - 1),                                    // truncated
                sound + "x",
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":01"),
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":1."),
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":-"),
                sound.replaceFirst("\"clockSynced\":(true|false)", "\"clockSynced\":null"));
        for (String s : declined) {
            assertThat(s).isNotEqualTo(sound);
            assertThat(agree(s.getBytes(StandardCharsets.UTF_8))).as(s).isFalse();
        }
        List<String> read = List.of(
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":-0"),        // numbers as written
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":-0.000"),
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":12.50"),
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":123456789012345678"),
                sound.replaceFirst("\"energyKwh\":([0-9.]+)", "\"energyKwh\":0.12345678901234567"),
                sound.replaceFirst("\"seq\":([0-9]+)", "\"seq\":-5"),
                sound.replaceFirst(",\"sensitivity\":\\{.*?\"version\":\"1\"}}", ""),     // no sensitivity member
                sound.replaceFirst("\"sensitivity\":\\{.*?\"version\":\"1\"}}", "\"sensitivity\":null"),
                swap.replaceFirst(",\"pmKg\":null", "").replaceFirst(",\"so2Kg\":null", ""), // absent pollutants
                swap.replaceFirst("\"so2Kg\":null", "\"so2Kg\":0.5"),
                sound.replaceFirst("\"factors\":\\[.*?]", "\"factors\":[]"),
                sound.replaceFirst("\"displaced\":\\{[^}]*}", "\"displaced\":{}"),
                sound.replaceFirst("\"device\":\"[^\"]*\"", "\"device\":\"\""),
                sound.replaceFirst("\"device\":\"[^\"]*\"", "\"device\":\"\u007f~ !\""));
        for (String s : read) {
            assertThat(s).isNotEqualTo(sound);
            assertThat(agree(s.getBytes(StandardCharsets.UTF_8))).as(s).isTrue();
        }
    }

    /** A change a bug, a careless writer or an attacker could make: to a name, a value, the structure. */
    private static String mutate(String text, Random r) {
        int at = r.nextInt(text.length());
        String[] pieces = {"\"", "{", "}", "[", "]", ",", ":", "0", "-", ".", "e", "1", " ", "\\", "null", "true",
                "\"x\":", "\"x\":1,", "\u00e9", "9999999999999999999", "\"\"", ",\"so2Kg\":null", ",\"pmKg\":2"};
        return switch (r.nextInt(8)) {
            case 0 -> text.substring(0, at) + pieces[r.nextInt(pieces.length)] + text.substring(at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + r.nextInt(4)));
            case 2 -> text.substring(0, at) + pieces[r.nextInt(pieces.length)]
                    + text.substring(Math.min(text.length(), at + 1));
            case 3 -> { // a member copied to another place
                int comma = text.indexOf(',', at);
                int next = comma < 0 ? -1 : text.indexOf(',', comma + 1);
                if (next < 0) {
                    yield text;
                }
                int to = r.nextInt(text.length());
                String member = text.substring(comma, next);
                yield text.substring(0, to) + member + text.substring(to);
            }
            case 4 -> text.replaceFirst("\"(" + pick(r, "so2Kg", "pmKg", "noxKg") + ")\":[^,}]*,?", "");
            case 5 -> text.replaceFirst(pick(r, "null", "true", "false"), pick(r, "0", "\"null\"", "{}"));
            case 6 -> text.replaceFirst("\"" + pick(r, "value", "year", "seq", "startKwh", "co2Kg") + "\":",
                    "$0" + pick(r, "-", "0", "00", "1e", "\"", "9999999999"));
            default -> text.replaceFirst("(\"[a-zA-Z0-9]+\":)", pick(r, "\"b\":0,", "") + "$1");
        };
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
