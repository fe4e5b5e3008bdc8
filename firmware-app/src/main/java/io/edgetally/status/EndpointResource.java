package io.edgetally.status;

import io.edgetally.protocol.coap.CoapResources;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * A resource of the status endpoint: every method it does not serve gets 4.05 with the methods it does, and the
 * content-format checks every resource shares.
 */
abstract class EndpointResource extends CoapResource {

    EndpointResource(String name) {
        super(name);
    }

    /** e.g. "GET", for the 4.05 reason. */
    abstract String allowedMethods();

    @Override
    public void handleGET(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handlePUT(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handleDELETE(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handleFETCH(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handlePATCH(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    @Override
    public void handleIPATCH(CoapExchange exchange) {
        methodNotAllowed(exchange);
    }

    private void methodNotAllowed(CoapExchange exchange) {
        exchange.respond(ResponseCode.METHOD_NOT_ALLOWED,
                getURI() + " accepts " + allowedMethods() + ", not " + exchange.getRequestCode());
    }

    /** Answers 4.06 and returns false when the client asks for a representation other than JSON. */
    static boolean acceptsJson(CoapExchange exchange) {
        OptionSet options = exchange.getRequestOptions();
        if (options.hasAccept() && options.getAccept() != CoapResources.CONTENT_FORMAT_JSON) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE, "only application/json (content-format "
                    + CoapResources.CONTENT_FORMAT_JSON + ") is served, Accept was " + options.getAccept());
            return false;
        }
        return true;
    }
}
