package io.edgetally.sim.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.edgetally.protocol.chain.Ed25519Verifier;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The part of the config a simulator prints that is about the controller rather than the simulated site: where
 * {@code edgetally run} keeps its data, its ledger, its CoAP ports and (with {@code --broker}) its uplink, so the
 * printed file runs as it is. Without these a second instance on the same host collided on CoAP's UDP 5683.
 *
 * @param dataDir  the controller's data folder (database, keys)
 * @param coapPort the plain CoAP port on loopback
 * @param dtlsPort the CoAP-over-DTLS port, used once an operator key is added to the {@code coap:} section
 * @param broker   the MQTT broker of the registry, {@code tcp://host:port}; empty: no uplink
 * @param registryKey the registry's Ed25519 public key (base64) its acks must be signed with; only with a broker
 */
public record ControllerSections(Path dataDir, int coapPort, int dtlsPort, Optional<String> broker,
                                 Optional<String> registryKey) {

    /** The {@code --broker} help. */
    static final String BROKER_HELP = "the registry's MQTT broker, tcp://host:port: the printed config gets an uplink";
    /** The {@code --registry-key} help. */
    static final String REGISTRY_KEY_HELP = "the registry's public key (base64, what 'edgetally registry keys show' "
            + "prints), with --broker: the uplink takes only acks signed with it";
    /** The {@code --coap-port} help. */
    static final String COAP_PORT_HELP = "the controller's CoAP port on loopback, DTLS on the next one (default: two "
            + "free ports the kernel picks at start, so two instances on one host do not collide)";

    public ControllerSections {
        if (coapPort < 1 || coapPort > 65535 || dtlsPort < 1 || dtlsPort > 65535 || coapPort == dtlsPort) {
            throw new IllegalArgumentException("CoAP ports must be two different ports 1..65535, were " + coapPort
                    + " and " + dtlsPort);
        }
        broker.ifPresent(ControllerSections::checkBroker);
        checkRegistryKey(broker, registryKey);
    }

    /**
     * The sections for a controller with data in {@code dataDir}; {@code coapPort} 0 takes two ports free on loopback
     * now (the kernel's choice), else {@code coapPort} and the next one for DTLS.
     */
    public static ControllerSections of(Path dataDir, int coapPort, Optional<String> broker,
                                        Optional<String> registryKey) {
        if (coapPort != 0) {
            return new ControllerSections(dataDir, coapPort, coapPort + 1, broker, registryKey);
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return new ControllerSections(dataDir, a.getLocalPort(), b.getLocalPort(), broker, registryKey);
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback for the controller's CoAP endpoint", e);
        }
    }

    /** A broker URL the device's uplink takes without a CA: {@code tcp://host:port}. */
    static void checkBroker(String broker) {
        if (!broker.matches("tcp://[^\\s:/]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--broker: expected tcp://host:port (e.g. tcp://127.0.0.1:1883; an "
                    + "ssl:// broker needs the registry's CA: add it to the written config's uplink yourself), was '"
                    + broker + "'");
        }
    }

    /**
     * A registry key the uplink takes: an Ed25519 public key in base64, and a broker to take acks from; without it a
     * device takes any ack on its topic, which a rehearsal of the registry should not teach.
     */
    static void checkRegistryKey(Optional<String> broker, Optional<String> registryKey) {
        if (registryKey.isEmpty()) {
            return;
        }
        if (broker.isEmpty()) {
            throw new IllegalArgumentException("--registry-key needs --broker: the key checks the acks of the "
                    + "registry on that broker");
        }
        try {
            Ed25519Verifier.ofBase64(registryKey.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--registry-key: expected the registry's Ed25519 public key in base64 "
                    + "(44 characters, what 'edgetally registry keys show' prints), was '" + registryKey.get() + "'");
        }
    }

    /** The {@code ledger:}, {@code uplink:} (with a broker) and {@code coap:} sections, at the end of a config. */
    public String yaml(String methodology) {
        String uplink = broker.map(b -> """
                uplink:
                  broker: %s
                """.formatted(b) + registryKey.map(k -> "  registry-key: " + k + "\n").orElse("")).orElse("");
        return """
                ledger:
                  methodology: %s
                  interval: 15m
                  grid: sichuan-2022
                %scoap:
                  bind: 127.0.0.1
                  port: %d
                  dtls-port: %d
                """.formatted(methodology, uplink, coapPort, dtlsPort);
    }
}
