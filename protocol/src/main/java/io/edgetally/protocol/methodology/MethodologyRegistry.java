package io.edgetally.protocol.methodology;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methodologies and grid factors known to this build, loaded from a versioned JSON table
 * ({@code methodologies.json} next to this class). Device and registry load the same table, so a report names a
 * methodology by id and version and both sides mean the same numbers.
 */
public final class MethodologyRegistry {

    public static final String SCHEMA = "edgetally.methodologies/1";
    private static final String RESOURCE = "methodologies.json";

    private final Map<String, Methodology> methodologies;
    private final List<GridFactor> gridFactors;

    private MethodologyRegistry(Map<String, Methodology> methodologies, List<GridFactor> gridFactors) {
        this.methodologies = Map.copyOf(methodologies);
        this.gridFactors = List.copyOf(gridFactors);
    }

    /** The table shipped in this jar. */
    public static MethodologyRegistry builtIn() {
        try (InputStream in = MethodologyRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MethodologyException("resource " + RESOURCE + " is missing from the protocol jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** Parses a methodology table; {@code sourceName} (a file name) prefixes every error. */
    public static MethodologyRegistry parse(String json, String sourceName) {
        try {
            JsonObject root = Json.parseObject(json);
            String schema = root.string("schema");
            if (!SCHEMA.equals(schema)) {
                throw new MethodologyException(sourceName + ": schema must be '" + SCHEMA + "', was '" + schema + "'");
            }
            List<GridFactor> grids = new ArrayList<>();
            for (JsonValue v : root.array("gridFactors").items()) {
                JsonObject g = asObject(v, "gridFactors[]");
                grids.add(new GridFactor(g.string("region"), (int) g.longValue("year"), g.decimal("value"),
                        g.string("unit"), g.string("source")));
            }
            Map<String, Methodology> byKey = new LinkedHashMap<>();
            for (JsonValue v : root.array("methodologies").items()) {
                Methodology m = methodology(asObject(v, "methodologies[]"));
                if (byKey.putIfAbsent(m.key(), m) != null) {
                    throw new MethodologyException(sourceName + ": methodology " + m.key() + " is listed twice");
                }
            }
            return new MethodologyRegistry(byKey, grids);
        } catch (JsonException | IllegalArgumentException e) {
            throw new MethodologyException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static Methodology methodology(JsonObject o) {
        String id = o.string("id");
        List<Factor> factors = new ArrayList<>();
        Map<String, SiteRange> site = new LinkedHashMap<>();
        for (JsonValue v : o.array("factors").items()) {
            JsonObject f = asObject(v, "factors[] of " + id);
            Factor factor = new Factor(f.string("name"), f.decimal("value"), f.string("unit"), f.string("source"),
                    (int) f.longValue("year"));
            factors.add(factor);
            Optional<BigDecimal> min = f.optionalDecimal("siteMin");
            Optional<BigDecimal> max = f.optionalDecimal("siteMax");
            if (min.isPresent() != max.isPresent()) {
                throw new MethodologyException("factor '" + factor.name() + "' of " + id
                        + " needs both siteMin and siteMax, or neither");
            }
            min.ifPresent(lo -> site.put(factor.name(), new SiteRange(lo, max.orElseThrow())));
        }
        List<String> kinds = o.array("kinds").items().stream()
                .map(k -> k instanceof JsonValue.JsonString s ? s.value() : Json.write(k)).toList();
        return new Methodology(id, o.string("version"), kinds, o.string("description"), factors, site);
    }

    private static JsonObject asObject(JsonValue v, String where) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new MethodologyException(where + " must be an object, was " + Json.write(v));
    }

    public List<Methodology> methodologies() {
        return List.copyOf(methodologies.values());
    }

    public List<GridFactor> gridFactors() {
        return gridFactors;
    }

    public Optional<Methodology> find(String id, String version) {
        return Optional.ofNullable(methodologies.get(id + "@" + version));
    }

    public Methodology require(String id, String version) {
        return find(id, version).orElseThrow(() -> new MethodologyException("unknown methodology " + id + "@"
                + version + " (known: " + methodologies.keySet() + ")"));
    }

    public Optional<GridFactor> findGrid(String region, int year) {
        return gridFactors.stream().filter(g -> g.region().equals(region) && g.year() == year).findFirst();
    }

    public GridFactor requireGrid(String region, int year) {
        return findGrid(region, year).orElseThrow(() -> new MethodologyException("no grid factor for region "
                + region + " year " + year + " (known: "
                + gridFactors.stream().map(g -> g.region() + "/" + g.year()).toList() + ")"));
    }

    /** Checks a site's accounting plan against this table: methodologies exist, site values allowed, grid known. */
    public ResolvedPlan resolve(AccountingPlan plan) {
        return new ResolvedPlan(resolve(plan.primary()), plan.sensitivity().map(this::resolve),
                requireGrid(plan.gridRegion(), plan.gridYear()));
    }

    public ResolvedMethodology resolve(MethodologyChoice choice) {
        Methodology m = require(choice.id(), choice.version());
        return new ResolvedMethodology(m, m.withSiteValues(choice.siteValues()));
    }
}
