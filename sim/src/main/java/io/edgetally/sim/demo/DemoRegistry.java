package io.edgetally.sim.demo;

import io.edgetally.cli.Usage;
import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.verify.Enrolment;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.export.VerifiedTotals;
import io.edgetally.registry.keys.RegistryKey;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.FleetQueries;
import io.edgetally.registry.store.StoreException;
import io.edgetally.sim.broker.MosquittoProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The registry that ships ({@code registry} module), run for a demo: on Debian's Mosquitto (the broker a registry
 * operator runs; the registry is an MQTT 5 client) started in the demo's folder, and on an embedded PostgreSQL in
 * {@code DIR/registry} unless a JDBC URL is given. Its config is written to {@code DIR/registry/registry.yaml}, so
 * after the demo {@code ./edgetally registry export --config DIR/registry/registry.yaml ...} reads what it holds.
 * What the demos report as acknowledged is what this registry holds, queried from it.
 */
public final class DemoRegistry implements AutoCloseable {

    /** Both demos' option for a real PostgreSQL instead of the embedded one. */
    static final Usage.Option JDBC_OPTION = Usage.Option.value("registry-jdbc", "URL", "the registry's PostgreSQL "
            + "(jdbc:postgresql://HOST/DB?user=U&password=P; default: an embedded one in DIR/registry)");

    /** What the registry holds for one device: its contiguous verified chain, every report, the refusals. */
    public record Held(long contiguousSeq, long reports, long rejected) {}

    private final MosquittoProcess broker;
    private final RegistryService service;
    private final Path configFile;
    private final Optional<Path> embeddedData;

    private DemoRegistry(MosquittoProcess broker, RegistryService service, Path configFile,
                         Optional<Path> embeddedData) {
        this.broker = broker;
        this.service = service;
        this.configFile = configFile;
        this.embeddedData = embeddedData;
    }

    /**
     * Starts the broker and the registry for the demo in {@code dir}.
     *
     * @param jdbcUrl a PostgreSQL to use instead of the embedded one ({@code jdbc:postgresql://HOST/DB?user=U&password=P})
     * @param fresh   a new demo: the embedded database of an earlier run in this folder is removed first
     */
    public static DemoRegistry start(Path dir, Optional<String> jdbcUrl, boolean fresh) {
        Path home = dir.resolve("registry");
        if (fresh && jdbcUrl.isEmpty()) {
            deleteTree(home);
        }
        MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"));
        try {
            Files.createDirectories(home);
            Path key = home.resolve("registry-key.pem");
            if (!Files.exists(key)) {
                RegistryKey.create(key);
            }
            String database = jdbcUrl.map(DemoRegistry::databaseSection).orElse(
                    "# no database section: an embedded PostgreSQL in dataDir/postgres\n");
            Path config = Files.writeString(home.resolve("registry.yaml"), """
                    # written by the edgetally demo: the registry it ran, on its broker
                    mqtt:
                      uri: %s
                      clientId: demo-registry
                    %sdataDir: %s
                    signingKey: %s
                    http:
                      listen: 127.0.0.1:0
                    """.formatted(broker.uri(), database, home.toAbsolutePath(), key.toAbsolutePath()));
            RegistryService service = RegistryService.start(RegistryConfig.load(config), Clock.systemUTC());
            awaitConnected(service);
            return new DemoRegistry(broker, service, config, jdbcUrl.isPresent() ? Optional.empty()
                    : Optional.of(home.resolve("postgres")));
        } catch (StoreException e) {
            broker.close();
            // the database the developer named cannot be used: their input, said in one line (no stack trace)
            throw jdbcUrl.isPresent() ? new ConfigException("--registry-jdbc: " + e.getMessage(), e) : e;
        } catch (Exception e) {
            broker.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("the demo's registry did not start: "
                    + e.getMessage(), e);
        }
    }

    /** {@code url} with its {@code user} and {@code password} parameters as the config's own keys. */
    static String databaseSection(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--registry-jdbc must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/edgetally_registry?user=U&password=P, was '" + url + "'");
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        StringBuilder params = new StringBuilder();
        String user = "";
        String password = "";
        for (String kv : q < 0 ? new String[0] : url.substring(q + 1).split("&")) {
            if (kv.startsWith("user=")) {
                user = kv.substring(5);
            } else if (kv.startsWith("password=")) {
                password = kv.substring(9);
            } else if (!kv.isEmpty()) {
                params.append(params.isEmpty() ? "?" : "&").append(kv);
            }
        }
        return "database:\n  url: '" + base + params + "'\n" + (user.isEmpty() ? "" : "  user: '" + user + "'\n")
                + (password.isEmpty() ? "" : "  password: '" + password + "'\n");
    }

    private static void awaitConnected(RegistryService service) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!service.connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo's registry did not connect to its broker within 30 s");
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    /** Where devices (and the station's dispatch platform) publish. */
    public String brokerUri() {
        return broker.uri();
    }

    /** The registry's public key, base64: what the demo's device is provisioned with. */
    public String publicKey() {
        return Ed25519Keys.toBase64(service.registryKey().publicKey());
    }

    public Path configFile() {
        return configFile;
    }

    /** The fleet page. */
    public String fleetUrl() {
        return "http://127.0.0.1:" + service.httpPort() + "/";
    }

    /** Enrols the device a site config describes, with its public key, on the terms its ledger books with. */
    public void enrol(SiteConfig config, String devicePublicKey) {
        SiteConfig.LedgerConfig l = config.ledger();
        new Enrolments(service.database()).enrol(config.site(), config.device(), devicePublicKey,
                new Enrolment(config.kind(), new Enrolment.MethodologyKey(l.methodology(), "1"),
                        l.sensitivity().map(s -> new Enrolment.MethodologyKey(s, "1")), l.gridRegion(),
                        l.gridYear()), Instant.now());
    }

    /** What the registry holds for the device now. */
    public Held held(String site, String device) {
        FleetQueries q = new FleetQueries(service.database(), Clock.systemUTC());
        Optional<FleetQueries.DeviceView> d = q.devices().stream()
                .filter(v -> v.site().equals(site) && v.device().equals(device)).findFirst();
        long rejected = q.rejections(100_000).stream()
                .filter(r -> r.site().equals(Optional.of(site)) && r.device().equals(Optional.of(device))).count();
        return new Held(d.map(FleetQueries.DeviceView::headSeq).orElse(0L),
                d.map(FleetQueries.DeviceView::reports).orElse(0L), rejected);
    }

    /** Waits (bounded, wall time: the registry files on its own threads) until it holds the chain up to {@code seq}. */
    public Held awaitHeld(String site, String device, long seq, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Held h = held(site, device);
        while (h.contiguousSeq() < seq && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000);
            h = held(site, device);
        }
        return h;
    }

    /** The registry's verified totals of the site over all time, one row per device and methodology. */
    public List<VerifiedTotals.Row> totals(String site) {
        return new VerifiedTotals(service.database()).rows(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"),
                Optional.of(site), VerifiedTotals.By.MONTH, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        service.close();
        broker.close();
        embeddedData.ifPresent(DemoRegistry::stopLeftOverServer);
    }

    /**
     * A demo resumed after a SIGKILL joined the embedded PostgreSQL its killed run left running (the registry does
     * that when the data folder's server answers); that server is not its own to stop, so it is stopped here, where
     * the demo ends: nothing of a demo stays running.
     */
    private static void stopLeftOverServer(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pid)) {
                return;
            }
            long processId = Long.parseLong(Files.readAllLines(pid).getFirst().strip());
            ProcessHandle.of(processId).ifPresent(h -> {
                h.destroy(); // SIGTERM: PostgreSQL's smart shutdown, its clients are gone
                h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        } catch (IOException | RuntimeException e) {
            // the server is gone already, or its pid file is half written: nothing left to stop
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the demo's registry in " + dir + ": " + e.getMessage(), e);
        }
    }
}
