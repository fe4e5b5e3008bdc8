package io.edgetally.status;

import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.coap.InvalidRequestException;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator action, POSTed over DTLS. The PSK identity of the handshake is who acted; the request never
 * reaches {@link OperatorActions} over plain CoAP, with a bad body, or with the wrong content format.
 */
final class ActionResource extends EndpointResource {

    private static final Logger LOG = LoggerFactory.getLogger(ActionResource.class);

    private final OperatorRequest.Kind kind;
    private final OperatorActions actions;
    private final Clock clock;
    private final Supplier<String> secureHint;
    private final Runnable afterAction;

    /**
     * @param secureHint  where to send actions instead, for the 4.01 reason (e.g. "coaps:// on UDP 5684")
     * @param afterAction run after each performed action, so observers see the effect without waiting
     */
    ActionResource(String name, OperatorRequest.Kind kind, OperatorActions actions, Clock clock,
                   Supplier<String> secureHint,
                   Runnable afterAction) {
        super(name);
        this.kind = kind;
        this.actions = actions;
        this.clock = clock;
        this.secureHint = secureHint;
        this.afterAction = afterAction;
        getAttributes().addResourceType(CoapResources.actionResourceType(kind));
        getAttributes().addInterfaceDescription(CoapResources.IF_ACTUATOR);
        getAttributes().addContentType(CoapResources.CONTENT_FORMAT_JSON);
    }

    @Override
    String allowedMethods() {
        return "POST (over DTLS)";
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        OptionSet options = exchange.getRequestOptions();
        if (options.hasBlock1() && (options.getBlock1().getNum() > 0 || options.getBlock1().isM())) {
            // Californium assembles a block-wise upload that starts at block 0; one starting elsewhere lands here
            exchange.respond(ResponseCode.REQUEST_ENTITY_INCOMPLETE, "block-wise upload must start at block 0, got "
                    + options.getBlock1());
            return;
        }
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (!(peer instanceof PreSharedKeyIdentity psk)) {
            exchange.respond(ResponseCode.UNAUTHORIZED,
                    "operator actions need DTLS with an operator key: " + secureHint.get());
            return;
        }
        if (options.hasContentFormat() && options.getContentFormat() != CoapResources.CONTENT_FORMAT_JSON) {
            exchange.respond(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "send application/json (content-format "
                    + CoapResources.CONTENT_FORMAT_JSON + "), not "
                    + MediaTypeRegistry.toString(options.getContentFormat()));
            return;
        }
        if (!acceptsJson(exchange)) {
            return;
        }
        byte[] body = exchange.getRequestPayload();
        if (body.length > OperatorRequest.MAX_BODY_BYTES) {
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(OperatorRequest.MAX_BODY_BYTES);
            tooLarge.setPayload("body is " + body.length + " bytes, at most " + OperatorRequest.MAX_BODY_BYTES);
            exchange.respond(tooLarge);
            return;
        }
        OperatorRequest action;
        try {
            action = OperatorRequest.parse(kind, body);
        } catch (InvalidRequestException e) {
            exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage());
            return;
        }
        Operator who = new Operator(psk.getIdentity(), exchange.getSourceSocketAddress(), clock.instant());
        ActionResult result;
        try {
            result = actions.perform(action, who);
        } catch (RuntimeException e) {
            LOG.error("{} by {} failed inside the controller", kind.id(), who.identity(), e);
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, kind.id() + " failed: " + e.getMessage());
            return;
        }
        switch (result) {
            case ActionResult.Done done -> {
                LOG.info("{} {} by {} from {}: {}", kind.id(), Json.write(action.toJson()), who.identity(),
                        who.address(), done.message());
                JsonObject reply = JsonObject.builder()
                        .put("action", kind.id())
                        .put("request", action.toJson())
                        .put("by", who.identity())
                        .put("at", who.at().toString())
                        .put("result", done.message())
                        .build();
                exchange.respond(ResponseCode.CHANGED, Json.write(reply).getBytes(StandardCharsets.UTF_8),
                        CoapResources.CONTENT_FORMAT_JSON);
                afterAction.run();
            }
            case ActionResult.Refused refused -> {
                LOG.info("{} by {} refused: {}", kind.id(), who.identity(), refused.message());
                exchange.respond(codeFor(refused.reason()), refused.message());
            }
        }
    }

    private static ResponseCode codeFor(ActionResult.Reason reason) {
        return switch (reason) {
            case INVALID -> ResponseCode.BAD_REQUEST;
            case NOT_FOUND -> ResponseCode.NOT_FOUND;
            case CONFLICT -> ResponseCode.CONFLICT;
            case UNAVAILABLE -> ResponseCode.SERVICE_UNAVAILABLE;
        };
    }
}
