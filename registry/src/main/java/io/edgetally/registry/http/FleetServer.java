package io.edgetally.registry.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.ingest.IngestStats;
import io.edgetally.registry.store.FleetQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side over HTTP (the JDK's server): the fleet page for a field technician at {@code /}, and its JSON API:
 * {@code /api/devices}, {@code /api/alarms}, {@code /api/rejections?limit=N}, {@code /api/status}. Read only.
 */
public final class FleetServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetServer.class);

    private final RegistryConfig.Http config;
    private final FleetQueries queries;
    private final IngestStats stats;
    private final BooleanSupplier brokerConnected;
    private HttpServer server;

    public FleetServer(RegistryConfig.Http config, FleetQueries queries, IngestStats stats,
                       BooleanSupplier brokerConnected) {
        this.config = config;
        this.queries = queries;
        this.stats = stats;
        this.brokerConnected = brokerConnected;
    }

    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("the registry cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("registry-http-", 1)
                .factory()));
        server.createContext("/", this::handle);
        server.start();
        log.info("fleet page on http://{}:{}/", config.host(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!"GET".equals(x.getRequestMethod())) {
                send(x, 405, "application/json", error("only GET is served here"));
                return;
            }
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> send(x, 200, "text/html; charset=utf-8", page());
                case "/api/devices" -> send(x, 200, "application/json", Json.write(devices()));
                case "/api/alarms" -> send(x, 200, "application/json", Json.write(alarms(queries.openAlarms())));
                case "/api/rejections" -> send(x, 200, "application/json",
                        Json.write(rejections(limit(x.getRequestURI().getQuery()))));
                case "/api/status" -> send(x, 200, "application/json", Json.write(status()));
                default -> send(x, 404, "application/json", error("no such resource: " + path + " (see /api/devices,"
                        + " /api/alarms, /api/rejections, /api/status)"));
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} failed: {}", x.getRequestURI(), e.getMessage());
            send(x, 503, "application/json", error("the registry cannot answer now: " + e.getMessage()));
        }
    }

    private static int limit(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("limit=")) {
                    try {
                        return Math.max(1, Math.min(1000, Integer.parseInt(part.substring(6))));
                    } catch (NumberFormatException e) {
                        return 50;
                    }
                }
            }
        }
        return 50;
    }

    private JsonObject devices() {
        List<JsonValue> out = new ArrayList<>();
        for (FleetQueries.DeviceView d : queries.devices()) {
            out.add(JsonObject.builder()
                    .put("site", d.site())
                    .put("device", d.device())
                    .put("kind", d.kind())
                    .put("methodology", d.methodology())
                    .putOrNull("sensitivity", d.sensitivity().map(JsonValue::of))
                    .put("grid", d.grid())
                    .putOrNull("keyId", d.keyId().map(JsonValue::of))
                    .put("state", d.state().orElse("unknown"))
                    .putOrNull("stateAt", time(d.stateAt()))
                    .putOrNull("lastReportAt", time(d.lastReportAt()))
                    .put("headSeq", d.headSeq())
                    .putOrNull("announcedSeq", d.announcedSeq().map(s -> JsonValue.of(s)))
                    .putOrNull("announcedAt", time(d.announcedAt()))
                    .put("waiting", d.waiting())
                    .put("reportsBehind", d.reportsBehind())
                    .put("reports", d.reports())
                    .put("energyKwh", d.energyKwh())
                    .put("co2Kg", d.co2Kg())
                    .put("co2NetKg", d.co2NetKg())
                    .put("alarms", alarms(d.alarms()))
                    .build());
        }
        return JsonObject.builder().put("devices", new JsonArray(out)).build();
    }

    private static JsonArray alarms(List<FleetQueries.OpenAlarm> alarms) {
        List<JsonValue> out = new ArrayList<>();
        for (FleetQueries.OpenAlarm a : alarms) {
            JsonObjectBuilder b = JsonObject.builder().put("source", a.source()).put("site", a.site())
                    .put("device", a.device()).put("code", a.code()).put("message", a.message())
                    .put("raisedAt", a.raisedAt().toString());
            if (a.source().equals("registry")) {
                b.put("id", a.id());
            }
            out.add(b.build());
        }
        return new JsonArray(out);
    }

    private JsonArray rejections(int limit) {
        List<JsonValue> out = new ArrayList<>();
        for (FleetQueries.RejectionView r : queries.rejections(limit)) {
            out.add(JsonObject.builder().put("id", r.id()).put("topic", r.topic())
                    .putOrNull("site", r.site().map(JsonValue::of)).putOrNull("device", r.device().map(JsonValue::of))
                    .putOrNull("seq", r.seq().map(s -> JsonValue.of(s))).put("kind", r.kind()).put("reason", r.reason())
                    .put("receivedAt", r.receivedAt().toString()).build());
        }
        return new JsonArray(out);
    }

    private JsonObject status() {
        IngestStats.Snapshot s = stats.snapshot();
        return JsonObject.builder().put("brokerConnected", brokerConnected.getAsBoolean())
                .put("messages", s.messages()).put("stored", s.stored()).put("duplicates", s.duplicates())
                .put("rejected", s.rejected()).put("acksSent", s.acksSent()).put("commitFailures", s.commitFailures())
                .put("queuedPeak", s.queuedPeak())
                .put("stageNanos", JsonObject.builder().put("verify", s.verifyNanos()).put("commit", s.commitNanos())
                        .put("ackAndPuback", s.ackNanos()).build())
                .put("stageCpuNanos", JsonObject.builder().put("parse", s.parseCpuNanos())
                        .put("signature", s.signatureCpuNanos()).put("recompute", s.recomputeCpuNanos())
                        .put("store", s.storeCpuNanos()).put("ack", s.ackCpuNanos()).build())
                .put("threadCpuNanos", threadCpu())
                .build();
    }

    /**
     * CPU time of the registry's live threads by what they do: verification workers (parse, signature, recompute),
     * the committer (JDBC), the acker (ack signing and publishing, PUBACKs), the batcher, the MQTT client's
     * threads, the rest (JIT, GC, HTTP).
     */
    private static JsonObject threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> by = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) {
                continue;
            }
            String n = t.getThreadName();
            String group = n.startsWith("registry-verify-") ? "verify" : n.equals("registry-commit") ? "commit"
                    : n.equals("registry-batch") ? "batch" : n.equals("registry-ack") ? "ack"
                    : n.startsWith("MQTT") ? "mqtt" : "other";
            by.merge(group, cpu, Long::sum);
        }
        var b = JsonObject.builder();
        by.forEach(b::put);
        return b.build();
    }

    private static Optional<JsonValue> time(Optional<Instant> t) {
        return t.map(i -> JsonValue.of(i.toString()));
    }

    private static String error(String message) {
        return Json.write(JsonObject.builder().put("error", message).build());
    }

    private static String page() {
        try (InputStream in = FleetServer.class.getResourceAsStream("fleet.html")) {
            if (in == null) {
                throw new IllegalStateException("fleet.html is missing from the registry jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
