package io.edgetally.status;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.DelivererException;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * The device's local CoAP endpoint: read-only resources over plain CoAP, the same resources plus operator actions
 * over DTLS with pre-shared keys. Built over a {@link StatusSource} and {@link OperatorActions} the application
 * provides; {@link #close()} releases the ports.
 */
public final class StatusEndpoint implements AutoCloseable {

    private final StatusSource source;
    private final CoapServer server;
    private final CoapEndpoint plain;
    private final Optional<CoapEndpoint> secure;
    private final Map<StatusTopic, SnapshotResource> resources = new EnumMap<>(StatusTopic.class);
    private final ScheduledExecutorService notifier;
    private final StatusSource.Listener listener = this::sourceChanged;

    private StatusEndpoint(StatusEndpointConfig config, StatusSource source, OperatorActions actions, Clock clock) {
        this.source = source;
        Configuration coap = CoapConfigurations.server(config.maxBodyBytes());
        this.server = new CoapServer(coap);
        server.setMessageDeliverer(new ExplainingDeliverer(server.getRoot(), coap));
        addResources(config, source, actions, clock);

        this.plain = new CoapEndpoint.Builder().setConfiguration(coap).setInetSocketAddress(config.bind()).build();
        server.addEndpoint(plain);
        this.secure = config.secure().map(s -> secureEndpoint(coap, s));
        secure.ifPresent(server::addEndpoint);

        this.notifier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coap-status-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds the ports and starts serving.
     *
     * @throws IllegalStateException naming the address when a port cannot be bound
     */
    public static StatusEndpoint start(StatusEndpointConfig config, StatusSource source, OperatorActions actions,
                                       Clock clock) {
        StatusEndpoint endpoint = new StatusEndpoint(config, source, actions, clock);
        try {
            endpoint.server.start();
        } catch (RuntimeException e) {
            endpoint.server.destroy();
            endpoint.notifier.shutdownNow();
            throw new IllegalStateException("CoAP endpoint cannot listen on udp " + config.bind()
                    + config.secure().map(s -> " and dtls " + s.bind()).orElse("")
                    + " (is another edgetally running?): " + e.getMessage(), e);
        }
        endpoint.resources.values().forEach(SnapshotResource::prime);
        long checkMillis = config.heartbeatCheck().toMillis();
        endpoint.notifier.scheduleAtFixedRate(endpoint::heartbeatCheck, checkMillis, checkMillis,
                TimeUnit.MILLISECONDS);
        source.addListener(endpoint.listener);
        return endpoint;
    }

    /** {@code coap://host:port} of the plain endpoint (loopback when bound to every interface). */
    public URI coapUri() {
        return uri("coap", plain.getAddress());
    }

    /** {@code coaps://host:port} of the DTLS endpoint, when operator keys are configured. */
    public Optional<URI> coapsUri() {
        return secure.map(e -> uri("coaps", e.getAddress()));
    }

    @Override
    public void close() {
        source.removeListener(listener);
        notifier.shutdownNow();
        server.destroy();
    }

    private void addResources(StatusEndpointConfig config, StatusSource source, OperatorActions actions,
                              Clock clock) {
        SiteKind kind = source.kind();
        for (CoapResources.Readable readable : CoapResources.readables(kind)) {
            StatusTopic topic = topicOf(readable);
            SnapshotResource r = new SnapshotResource(readable, snapshotOf(topic), clock, config.heartbeat());
            resources.put(topic, r);
            server.add(r);
        }
        for (OperatorRequest.Kind action : OperatorRequest.Kind.forSite(kind)) {
            List<String> segments = List.of(action.path().substring(1).split("/"));
            Resource parent = server.getRoot();
            for (int i = 0; i < segments.size() - 1; i++) {
                Resource child = parent.getChild(segments.get(i));
                if (child == null) {
                    String path = "/" + String.join("/", segments.subList(0, i + 1));
                    child = new GroupResource(segments.get(i), "POST to the actions under " + path);
                    parent.add(child);
                }
                parent = child;
            }
            parent.add(new ActionResource(segments.getLast(), action, actions, clock, this::secureHint,
                    () -> resources.values().forEach(r -> r.sourceChanged(notifier))));
        }
    }

    /** Where to send actions instead, for the 4.01 reason; read per request, after the ports are bound. */
    private String secureHint() {
        return secure.map(e -> "use coaps:// on UDP " + e.getAddress().getPort())
                .orElse("none is configured on this device, so actions are disabled");
    }

    private Supplier<JsonObject> snapshotOf(StatusTopic topic) {
        return switch (topic) {
            case STATUS -> source::status;
            case SITE -> source::site;
            case TALLY -> source::tally;
            case ALARMS -> source::alarms;
            case METERS -> source::meters;
        };
    }

    private static StatusTopic topicOf(CoapResources.Readable readable) {
        return switch (readable.path()) {
            case CoapResources.STATUS -> StatusTopic.STATUS;
            case CoapResources.TALLY -> StatusTopic.TALLY;
            case CoapResources.ALARMS -> StatusTopic.ALARMS;
            case CoapResources.METERS -> StatusTopic.METERS;
            case CoapResources.BARN, CoapResources.STATION -> StatusTopic.SITE;
            default -> throw new IllegalArgumentException("no status topic serves " + readable.path());
        };
    }

    private void sourceChanged(StatusTopic topic) {
        SnapshotResource r = resources.get(topic);
        if (r != null) {
            r.sourceChanged(notifier);
        }
    }

    private void heartbeatCheck() {
        resources.values().forEach(SnapshotResource::heartbeatCheck);
    }

    private static CoapEndpoint secureEndpoint(Configuration coap, StatusEndpointConfig.Secure secure) {
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        for (OperatorKey k : secure.operators()) {
            keys.setKey(k.identity(), k.secret());
        }
        DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(coap)
                .setAddress(secure.bind())
                .setAdvancedPskStore(keys)
                .build();
        return new CoapEndpoint.Builder().setConfiguration(coap).setConnector(new DTLSConnector(dtls)).build();
    }

    private static URI uri(String scheme, InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create(scheme + "://" + host + ":" + address.getPort());
    }

    /** Answers an unknown path with 4.04 and a pointer to the resource list, instead of a bare 4.04. */
    private static final class ExplainingDeliverer extends ServerMessageDeliverer {
        ExplainingDeliverer(Resource root, Configuration config) {
            super(root, config);
        }

        @Override
        protected boolean preDeliverRequest(Exchange exchange) {
            try {
                if (findResource(exchange) != null) {
                    return false;
                }
            } catch (DelivererException e) {
                return false;
            }
            Response notFound = new Response(ResponseCode.NOT_FOUND);
            notFound.setPayload("no resource /" + exchange.getRequest().getOptions().getUriPathString()
                    + "; GET " + CoapResources.WELL_KNOWN_CORE + " lists them");
            exchange.sendResponse(notFound);
            return true;
        }
    }
}
