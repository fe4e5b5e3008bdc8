package io.edgetally.cli;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.status.CoapConfigurations;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.exception.ConnectorException;

/**
 * {@code edgetally status [coap://host[:port]] [--watch [--count N]] [--timeout SECONDS]}: the operator's view of
 * a device, read from its CoAP endpoint. Exit codes: 0 shown, 1 the device did not answer or answered an error,
 * 2 bad arguments.
 */
public final class StatusCommand implements Command {

    private static final Usage USAGE = new Usage("[coap://HOST[:PORT]] [--watch [--count N]] [--timeout SECONDS]",
            "the operator's view from a device's CoAP endpoint (default coap://127.0.0.1:5683), alarms first",
            List.of(Usage.Option.flag("watch", "keep following /alarms, /status and the site via CoAP Observe until "
                            + "interrupted"),
                    Usage.Option.value("count", "N", "with --watch: stop after N updates"),
                    Usage.Option.value("timeout", "SECONDS", "seconds to wait for each answer (default 5)")),
            "[coap://HOST[:PORT]]", 1);

    private static final String DEFAULT_URI = "coap://127.0.0.1";

    /** Silence longer than this while watching means the device stopped notifying (heartbeat 60 s plus slack). */
    private static final Duration WATCH_SILENCE = Duration.ofSeconds(90);

    private record Options(URI uri, boolean watch, long count, Duration timeout) {}

    /** An answer we cannot show; the message says which resource and why. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        Options options = options(args);
        try {
            resolvable(options.uri());
        } catch (Unreadable e) {
            err.println("edgetally status: " + e.getMessage());
            return 1;
        }
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(CoapConfigurations.client())
                .setInetSocketAddress(new InetSocketAddress(0))
                .build();
        try {
            JsonObject status = get(endpoint, options, CoapResources.STATUS);
            SiteKind kind = kindOf(status, options);
            if (options.watch()) {
                return watch(endpoint, options, kind, out, err);
            }
            JsonObject alarms = get(endpoint, options, CoapResources.ALARMS);
            JsonObject site = get(endpoint, options, kind.resourcePath());
            JsonObject tally = get(endpoint, options, CoapResources.TALLY);
            out.print(StatusView.full(options.uri().toString(), kind, status, alarms, site, tally));
            out.flush();
            return 0;
        } catch (Unreadable e) {
            err.println("edgetally status: " + e.getMessage());
            return 1;
        } finally {
            endpoint.destroy();
        }
    }

    /**
     * A name that does not resolve is the operator's to fix, said in one line (Californium would throw it from deep
     * inside the request); an address needs no lookup.
     */
    private static void resolvable(URI uri) throws Unreadable {
        try {
            InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Unreadable("cannot resolve the device's name '" + uri.getHost() + "': check the name, or give "
                    + "its address, e.g. coap://192.168.1.20");
        }
    }

    private static JsonObject get(CoapEndpoint endpoint, Options options, String path) throws Unreadable {
        CoapClient client = client(endpoint, options, path);
        try {
            CoapResponse response = client.get();
            if (response == null) {
                throw new Unreadable("no CoAP answer from " + client.getURI() + " within "
                        + options.timeout().toSeconds() + " s: is edgetally running there, and is UDP "
                        + options.uri().getPort() + " reachable?");
            }
            return body(client.getURI(), response);
        } catch (ConnectorException | IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Californium's for a name that stopped resolving since the check above
            throw new Unreadable("cannot reach " + client.getURI() + ": " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    private static JsonObject body(String uri, CoapResponse response) throws Unreadable {
        if (response.getCode() != ResponseCode.CONTENT) {
            throw new Unreadable(uri + " answered " + response.getCode() + " " + response.getCode().name()
                    + (response.getPayloadSize() > 0 ? ": " + response.getResponseText() : ""));
        }
        try {
            return Json.parseObject(response.getPayload());
        } catch (JsonException e) {
            throw new Unreadable(uri + " answered something that is not a JSON object: " + e.getMessage());
        }
    }

    private static SiteKind kindOf(JsonObject status, Options options) throws Unreadable {
        try {
            return SiteKind.fromWireName(status.string("kind"));
        } catch (JsonException | IllegalArgumentException e) {
            throw new Unreadable(options.uri() + CoapResources.STATUS + ": " + e.getMessage());
        }
    }

    private int watch(CoapEndpoint endpoint, Options options, SiteKind kind, PrintStream out, PrintStream err)
            throws Unreadable {
        /** One notification, or empty when the observation failed. */
        record Update(String path, Optional<CoapResponse> response) {}
        BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
        List<CoapClient> clients = new ArrayList<>();
        List<CoapObserveRelation> relations = new ArrayList<>();
        try {
            for (String path : List.of(CoapResources.ALARMS, CoapResources.STATUS, kind.resourcePath())) {
                CoapClient client = client(endpoint, options, path);
                clients.add(client);
                relations.add(client.observe(new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse response) {
                        updates.add(new Update(path, Optional.of(response)));
                    }

                    @Override
                    public void onError() {
                        updates.add(new Update(path, Optional.empty()));
                    }
                }));
            }
            long shown = 0;
            while (options.count() == 0 || shown < options.count()) {
                Update u = updates.poll(WATCH_SILENCE.toSeconds(), TimeUnit.SECONDS);
                if (u == null) {
                    err.println("edgetally status: nothing from " + options.uri() + " for "
                            + WATCH_SILENCE.toSeconds() + " s; the device may be down, still waiting");
                    continue;
                }
                if (u.response().isEmpty()) {
                    throw new Unreadable("lost " + options.uri() + u.path() + ": the device stopped answering");
                }
                JsonObject o = body(options.uri() + u.path(), u.response().get());
                String section = switch (u.path()) {
                    case CoapResources.ALARMS -> StatusView.alarms(o);
                    case CoapResources.STATUS -> StatusView.status(o);
                    default -> StatusView.site(kind, o);
                };
                out.print("-- " + u.path() + " --\n" + section + '\n');
                out.flush();
                shown++;
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            relations.forEach(CoapObserveRelation::proactiveCancel);
            clients.forEach(CoapClient::shutdown);
        }
    }

    private static CoapClient client(CoapEndpoint endpoint, Options options, String path) {
        CoapClient client = new CoapClient(options.uri().resolve(path));
        client.setEndpoint(endpoint);
        client.setTimeout(options.timeout().toMillis());
        return client;
    }

    private static Options options(Args a) {
        boolean watch = a.flag("watch");
        long count = a.option("count").map(v -> positive("--count", v)).orElse(0L);
        Duration timeout = Duration.ofSeconds(a.option("timeout").map(v -> positive("--timeout", v)).orElse(5L));
        if (count > 0 && !watch) {
            throw new Cli.UsageException("--count only goes with --watch");
        }
        return new Options(coapUri(a.positional().isEmpty() ? DEFAULT_URI : a.positional().get(0)), watch, count,
                timeout);
    }

    private static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Cli.UsageException(option + " must be a whole number above 0, was '" + value + "'");
    }

    /** coap://host[:port] with the port filled in and no path, or a clear complaint. */
    private static URI coapUri(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new Cli.UsageException("'" + text + "' is not a URI like coap://192.168.1.20:5683");
        }
        if (!"coap".equals(u.getScheme()) || u.getHost() == null) {
            throw new Cli.UsageException("'" + text + "' is not a URI like coap://192.168.1.20:5683"
                    + ("coaps".equals(u.getScheme()) ? " (the status view is read-only and uses plain CoAP)" : ""));
        }
        if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
            throw new Cli.UsageException("give the device, not a resource: coap://" + u.getHost()
                    + (u.getPort() > 0 ? ":" + u.getPort() : "") + " instead of " + text);
        }
        int port = u.getPort() > 0 ? u.getPort() : CoapResources.DEFAULT_PORT;
        return URI.create("coap://" + u.getHost() + ":" + port);
    }
}
