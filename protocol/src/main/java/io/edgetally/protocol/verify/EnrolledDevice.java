package io.edgetally.protocol.verify;

import io.edgetally.protocol.chain.Ed25519Keys;
import java.security.PublicKey;
import java.util.Optional;

/**
 * A device the registry trusts: its site, id, the Ed25519 public key it was enrolled with and, where the registry
 * fixes them, the accounting terms its reports must follow. A device enrolled without terms (what
 * {@code edgetally verify --pubkey} builds) is held to the methodology table only.
 */
public record EnrolledDevice(String site, String device, PublicKey key, Optional<Enrolment> terms) {

    public EnrolledDevice(String site, String device, PublicKey key) {
        this(site, device, key, Optional.empty());
    }

    public static EnrolledDevice of(String site, String device, String publicKeyBase64) {
        return new EnrolledDevice(site, device, Ed25519Keys.fromBase64(publicKeyBase64));
    }

    public static EnrolledDevice of(String site, String device, String publicKeyBase64, Enrolment terms) {
        return new EnrolledDevice(site, device, Ed25519Keys.fromBase64(publicKeyBase64), Optional.of(terms));
    }

    public String keyId() {
        return Ed25519Keys.keyId(key);
    }

    String address() {
        return site + "/" + device;
    }
}
