package io.edgetally.status;

import io.edgetally.protocol.coap.OperatorRequest;

/**
 * Where the CoAP endpoint hands an operator's request, each only after a DTLS handshake with a configured pre-shared
 * key; the endpoint offers a site only its own kind's requests ({@link OperatorRequest.Kind#forSite}). The site
 * checks it against its last published state and queues it for its next control cycle, or refuses it.
 *
 * <p>Called from CoAP worker threads; implementations must be thread-safe and must not block for long (a CoAP
 * client retransmits after about 2 s).
 */
@FunctionalInterface
public interface OperatorActions {

    /** Accepts (queued for the next cycle) or refuses {@code request}, made by {@code who}. */
    ActionResult perform(OperatorRequest request, Operator who);
}
