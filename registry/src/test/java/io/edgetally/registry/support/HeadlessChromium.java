package io.edgetally.registry.support;

import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven through chromedriver's WebDriver protocol (plain HTTP and JSON, no client
 * library): open a page, read what a person sees on it.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    public HeadlessChromium(Path dir) throws IOException, InterruptedException {
        int port = MosquittoBroker.freePort();
        driver = new ProcessBuilder("chromedriver", "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("chromedriver.log").toFile()))
                .start();
        base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> call("GET", "/status", null)
                .object("value").bool("ready"));
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        JsonObject caps = JsonObject.builder().put("capabilities", JsonObject.builder().put("alwaysMatch",
                JsonObject.builder().put("goog:chromeOptions", JsonObject.builder()
                        .put("binary", "/usr/bin/chromium")
                        .put("args", new JsonArray(flags.stream().map(JsonValue::of).map(v -> (JsonValue) v).toList()))
                        .build()).build()).build()).build();
        session = call("POST", "/session", caps).object("value").string("sessionId");
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    public void open(String url) {
        call("POST", "/session/" + session + "/url", JsonObject.builder().put("url", url).build());
    }

    /** The page's visible text, as {@code document.body.innerText} gives it. */
    public String text() {
        JsonObject r = call("POST", "/session/" + session + "/execute/sync", JsonObject.builder()
                .put("script", "return document.body.innerText;").put("args", new JsonArray(List.of())).build());
        return r.get("value").map(v -> v instanceof JsonValue.JsonString s ? s.value() : "").orElse("");
    }

    /** The visible text of the element with {@code id} (empty if there is none). */
    public String textOf(String id) {
        JsonObject r = call("POST", "/session/" + session + "/execute/sync", JsonObject.builder()
                .put("script", "const e = document.getElementById(arguments[0]); return e ? e.innerText : '';")
                .put("args", new JsonArray(List.of(JsonValue.of(id)))).build());
        return r.get("value").map(v -> v instanceof JsonValue.JsonString s ? s.value() : "").orElse("");
    }

    private JsonObject call(String method, String path, JsonObject body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("chromedriver " + method + " " + path + ": " + r.statusCode() + " "
                        + r.body());
            }
            return Json.parseObject(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call("DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        }
    }
}
