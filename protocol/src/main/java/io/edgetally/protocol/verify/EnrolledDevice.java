package io.edgetally.protocol.verify;

import io.edgetally.protocol.chain.Ed25519Keys;
import java.security.PublicKey;

/** A device the registry trusts: its site, id and the Ed25519 public key it was enrolled with. */
public record EnrolledDevice(String site, String device, PublicKey key) {

    public static EnrolledDevice of(String site, String device, String publicKeyBase64) {
        return new EnrolledDevice(site, device, Ed25519Keys.fromBase64(publicKeyBase64));
    }

    public String keyId() {
        return Ed25519Keys.keyId(key);
    }

    String address() {
        return site + "/" + device;
    }
}
