package io.edgetally.status;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.coap.CoapResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the CoAP endpoint listens and who may act through it.
 *
 * @param bind              plain CoAP address (read-only); port 0 picks a free port
 * @param secure            DTLS address and operator keys; empty means no operator actions at all
 * @param heartbeat         observers get a notification at least this often, changed or not
 * @param heartbeatCheck    how often the heartbeat is checked (real time; the heartbeat itself uses the clock)
 * @param maxBodyBytes      largest request body accepted, also through block-wise transfer (4.13 beyond)
 */
public record StatusEndpointConfig(
        InetSocketAddress bind, Optional<Secure> secure, Duration heartbeat, Duration heartbeatCheck,
        int maxBodyBytes) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);

    /** DTLS listener for operator actions. */
    public record Secure(InetSocketAddress bind, List<OperatorKey> operators) {
        public Secure {
            operators = List.copyOf(operators);
            if (operators.isEmpty()) {
                throw new IllegalArgumentException("coap secure endpoint: at least one operator key is needed");
            }
            Set<String> seen = new HashSet<>();
            for (OperatorKey k : operators) {
                if (!seen.add(k.identity())) {
                    throw new IllegalArgumentException("coap operator key identity '" + k.identity()
                            + "' appears twice; each operator needs their own identity");
                }
            }
        }
    }

    public StatusEndpointConfig {
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeatCheck.isNegative() || heartbeatCheck.isZero()) {
            throw new IllegalArgumentException("coap heartbeat and heartbeat check must be positive, were "
                    + heartbeat + " and " + heartbeatCheck);
        }
        if (maxBodyBytes < 64) {
            throw new IllegalArgumentException("coap maxBodyBytes must be at least 64, was " + maxBodyBytes);
        }
    }

    /** The production defaults: UDP 5683 (and DTLS 5684 when keys are given) on every interface. */
    public static StatusEndpointConfig standard(List<OperatorKey> operators) {
        InetAddress any = new InetSocketAddress(0).getAddress();
        Optional<Secure> secure = operators.isEmpty()
                ? Optional.empty()
                : Optional.of(new Secure(new InetSocketAddress(any, CoapResources.DEFAULT_SECURE_PORT), operators));
        return new StatusEndpointConfig(new InetSocketAddress(any, CoapResources.DEFAULT_PORT), secure,
                DEFAULT_HEARTBEAT, Duration.ofSeconds(1), 1024);
    }

    /** Free ports on one address (tests, the demo). */
    public static StatusEndpointConfig ephemeral(InetAddress address, List<OperatorKey> operators,
                                                 Duration heartbeatCheck) {
        Optional<Secure> secure = operators.isEmpty()
                ? Optional.empty()
                : Optional.of(new Secure(new InetSocketAddress(address, 0), operators));
        return new StatusEndpointConfig(new InetSocketAddress(address, 0), secure, DEFAULT_HEARTBEAT,
                heartbeatCheck, 1024);
    }

    /** The endpoint a site's {@code coap:} section describes; its operator key is read from the secret file now. */
    public static StatusEndpointConfig forSite(SiteConfig.CoapConfig c) {
        try {
            InetAddress bind = InetAddress.getByName(c.bind());
            Optional<Secure> secure = Optional.empty();
            if (c.pskIdentity().isPresent()) {
                Path secretFile = c.pskSecretFile().orElseThrow();
                String secret;
                try {
                    secret = Files.readString(secretFile).strip();
                } catch (IOException e) {
                    throw new ConfigException("coap.psk-secret-file: cannot read " + secretFile + ": " + e.getMessage());
                }
                secure = Optional.of(new Secure(new InetSocketAddress(bind, c.dtlsPort()),
                        List.of(OperatorKey.ofText(c.pskIdentity().get(), secret))));
            }
            return new StatusEndpointConfig(new InetSocketAddress(bind, c.port()), secure, DEFAULT_HEARTBEAT,
                    Duration.ofSeconds(1), 1024);
        } catch (UnknownHostException e) {
            throw new ConfigException("coap.bind: '" + c.bind() + "' is not an address of this device");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("coap: " + e.getMessage());
        }
    }
}
