package io.edgetally.protocol.report;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.GridFactor;
import io.edgetally.protocol.methodology.MethodologyRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON form of {@link TallyReport} (schema {@code edgetally.report/1}); see docs/report-schema.md. */
public final class TallyReportCodec {

    private TallyReportCodec() {}

    /** The record without {@code hash} and {@code signature}: its canonical form is what is hashed and signed. */
    public static JsonObject bodyJson(ReportBody b) {
        return JsonObject.builder()
                .put("schema", b.schema())
                .put("site", b.site())
                .put("device", b.device())
                .put("kind", b.kind().wireName())
                .put("seq", b.seq())
                .put("periodStart", b.periodStart().toString())
                .put("periodEnd", b.periodEnd().toString())
                .put("clockSynced", b.clockSynced())
                .put("meter", JsonObject.builder()
                        .put("id", b.meter().meterId())
                        .put("startKwh", b.meter().startKwh())
                        .put("endKwh", b.meter().endKwh())
                        .put("rolloverKwh", b.meter().rolloverKwh())
                        .build())
                .put("energyKwh", b.energyKwh())
                .put("methodology", methodology(b.tally().methodology()))
                .put("displaced", displaced(b.tally().displaced()))
                .put("emissions", emissions(b.tally().emissions()))
                .putOrNull("sensitivity", b.sensitivity().map(TallyReportCodec::accounting))
                .put("prevHash", b.prevHash())
                .put("keyId", b.keyId())
                .build();
    }

    public static JsonObject toJson(TallyReport r) {
        Map<String, JsonValue> members = new LinkedHashMap<>(bodyJson(r.body()).members());
        members.put("hash", JsonValue.of(r.hash()));
        members.put("signature", JsonValue.of(r.signature()));
        return new JsonObject(members);
    }

    /**
     * The bytes published and stored: the canonical JSON of the whole record (sorted keys, no white space, plain
     * numbers). Being canonical, any changed byte either breaks the form or changes the hashed content.
     */
    public static byte[] toBytes(TallyReport r) {
        return Json.canonical(toJson(r));
    }

    public static TallyReport parse(byte[] utf8) {
        JsonObject o;
        try {
            o = Json.parseObject(utf8);
        } catch (JsonException e) {
            throw new ReportFormatException("", "not a JSON object: " + e.getMessage());
        }
        return fromJson(o);
    }

    public static TallyReport fromJson(JsonObject o) {
        Fields f = new Fields(o, "");
        String kindName = f.string("kind");
        SiteKind kind = SiteKind.fromWire(kindName).orElseThrow(() -> new ReportFormatException("kind",
                "expected \"curing-barn\" or \"swap-station\", found \"" + kindName + "\""));
        Fields m = f.object("meter");
        MeterSpan meter = new MeterSpan(m.string("id"), m.decimal("startKwh"), m.decimal("endKwh"),
                m.decimal("rolloverKwh"));
        Accounting tally = accounting(f);
        Optional<Accounting> sensitivity = f.optionalObject("sensitivity").map(TallyReportCodec::accounting);
        ReportBody body = new ReportBody(f.string("schema"), f.string("site"), f.string("device"), kind,
                f.wholeNumber("seq"), f.instant("periodStart"), f.instant("periodEnd"), f.bool("clockSynced"), meter,
                f.decimal("energyKwh"), tally, sensitivity, f.string("prevHash"), f.string("keyId"));
        return new TallyReport(body, f.string("hash"), f.string("signature"));
    }

    private static JsonObject accounting(Accounting a) {
        return JsonObject.builder()
                .put("methodology", methodology(a.methodology()))
                .put("displaced", displaced(a.displaced()))
                .put("emissions", emissions(a.emissions()))
                .build();
    }

    private static Accounting accounting(Fields f) {
        Fields m = f.object("methodology");
        List<Factor> factors = new ArrayList<>();
        int factorCount = m.array("factors").items().size();
        for (int i = 0; i < factorCount; i++) {
            Fields x = m.element("factors", i);
            long year = x.wholeNumber("year");
            factors.add(new Factor(x.string("name"), x.decimal("value"), x.string("unit"), x.string("source"),
                    (int) year));
        }
        MethodologyRef ref = new MethodologyRef(m.string("id"), m.string("version"), factors);
        Fields d = f.object("displaced");
        Map<String, BigDecimal> displaced = new LinkedHashMap<>();
        for (String key : d.raw().members().keySet()) {
            displaced.put(key, d.decimal(key));
        }
        Fields e = f.object("emissions");
        Fields g = e.object("grid");
        GridFactor grid = new GridFactor(g.string("region"), (int) g.wholeNumber("year"), g.decimal("value"),
                g.string("unit"), g.string("source"));
        Emissions emissions = new Emissions(e.decimal("co2Kg"), e.optionalDecimal("so2Kg"),
                e.optionalDecimal("noxKg"), e.optionalDecimal("pmKg"), e.decimal("co2ProjectKg"),
                e.decimal("co2NetKg"), grid);
        return new Accounting(ref, displaced, emissions);
    }

    private static JsonObject methodology(MethodologyRef m) {
        List<JsonValue> factors = new ArrayList<>();
        for (Factor x : m.factors()) {
            factors.add(JsonObject.builder()
                    .put("name", x.name())
                    .put("value", x.value())
                    .put("unit", x.unit())
                    .put("source", x.source())
                    .put("year", x.year())
                    .build());
        }
        return JsonObject.builder()
                .put("id", m.id())
                .put("version", m.version())
                .put("factors", new JsonArray(factors))
                .build();
    }

    private static JsonObject displaced(Map<String, BigDecimal> displaced) {
        var b = JsonObject.builder();
        displaced.forEach(b::put);
        return b.build();
    }

    private static JsonObject emissions(Emissions e) {
        return JsonObject.builder()
                .put("co2Kg", e.co2Kg())
                .putOrNull("so2Kg", e.so2Kg().map(JsonNumber::new))
                .putOrNull("noxKg", e.noxKg().map(JsonNumber::new))
                .putOrNull("pmKg", e.pmKg().map(JsonNumber::new))
                .put("co2ProjectKg", e.co2ProjectKg())
                .put("co2NetKg", e.co2NetKg())
                .put("grid", JsonObject.builder()
                        .put("region", e.grid().region())
                        .put("year", e.grid().year())
                        .put("value", e.grid().value())
                        .put("unit", e.grid().unit())
                        .put("source", e.grid().source())
                        .build())
                .build();
    }
}
