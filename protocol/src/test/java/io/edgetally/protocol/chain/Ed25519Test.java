package io.edgetally.protocol.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1, tests 1 to 3: secret key, public key, message, signature. */
    @ParameterizedTest
    @CsvSource({
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                    + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
                    + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                    + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
                    + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                    + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
                    + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    })
    void rfc8032VectorsSignAndVerify(String seed, String publicKey, String message, String signature) {
        byte[] msg = message == null ? new byte[0] : HEX.parseHex(message);
        Ed25519Signer signer = Ed25519Signer.ofSeed(HEX.parseHex(seed));
        assertThat(HEX.formatHex(signer.rawPublicKey())).isEqualTo(publicKey);
        assertThat(HEX.formatHex(signer.sign(msg))).isEqualTo(signature);

        Ed25519Verifier verifier = Ed25519Verifier.ofRaw(HEX.parseHex(publicKey));
        assertThat(verifier.verifies(msg, HEX.parseHex(signature))).isTrue();
        byte[] other = (message == null ? "x" : message + "00").getBytes(StandardCharsets.US_ASCII);
        assertThat(verifier.verifies(other, HEX.parseHex(signature))).isFalse();
        byte[] flipped = HEX.parseHex(signature);
        flipped[10] ^= 1;
        assertThat(verifier.verifies(msg, flipped)).isFalse();
    }

    @Test
    void signaturesOfTheJdkVerifyHereAndOursVerifyInTheJdk() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        byte[] msg = "{\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(keys.getPrivate());
        jdk.update(msg);
        byte[] jdkSig = jdk.sign();
        assertThat(Ed25519Verifier.of(keys.getPublic()).verifies(msg, jdkSig)).isTrue();
        assertThat(SignatureCheck.verifies(keys.getPublic(), msg, Base64.getEncoder().encodeToString(jdkSig)))
                .isTrue();

        Ed25519Signer ours = Ed25519Signer.of(keys);
        assertThat(ours.sign(msg)).isEqualTo(jdkSig); // Ed25519 is deterministic: the very same bytes
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(keys.getPublic());
        check.update(msg);
        assertThat(check.verify(ours.sign(msg))).isTrue();
        assertThat(ours.keyId()).isEqualTo(Ed25519Keys.keyId(keys.getPublic()));
    }

    /** Random seeds and messages (up to a report's size): our signature is the JDK's, byte for byte. */
    @Test
    void onRandomKeysAndMessagesTheSignatureIsTheJdks() throws Exception {
        java.util.Random random = new java.util.Random(8032);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < 200; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] msg = new byte[random.nextInt(4_000)];
            random.nextBytes(msg);
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
            jdk.update(msg);
            Ed25519Signer ours = Ed25519Signer.ofSeed(seed);
            assertThat(ours.sign(msg)).as("message %d of %d bytes", i, msg.length).isEqualTo(jdk.sign());
            assertThat(ours.verifier().verifies(msg, ours.sign(msg))).isTrue();
        }
    }

    @Test
    void aJdkPrivateKeyFromItsSeedSignsLikeTheSeed() throws Exception {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519,
                seed));
        assertThat(Ed25519Signer.of(key).rawPublicKey()).isEqualTo(Ed25519Signer.ofSeed(seed).rawPublicKey());
    }

    @Test
    void badKeysAndSignaturesAreRefusedNotThrown() {
        assertThatThrownBy(() -> Ed25519Verifier.ofRaw(new byte[31])).hasMessageContaining("32 bytes, found 31");
        // the identity point (y = 1) has small order: anyone could "sign" for it
        byte[] identity = new byte[32];
        identity[0] = 1;
        assertThatThrownBy(() -> Ed25519Verifier.ofRaw(identity)).hasMessageContaining("small order");
        Ed25519Verifier v = Ed25519Signer.ofSeed(new byte[32]).verifier();
        assertThat(v.verifies(new byte[0], "not base64!")).isFalse();
        assertThat(v.verifies(new byte[0], new byte[63])).isFalse();
    }
}
