package io.edgetally.status;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Who asked for an operator action, from where and when: what the application records with the event.
 *
 * @param identity the DTLS pre-shared key identity the request was authenticated with
 * @param address  the operator's UDP address
 * @param at       when the endpoint received the request (injected clock)
 */
public record Operator(String identity, InetSocketAddress address, Instant at) {}
