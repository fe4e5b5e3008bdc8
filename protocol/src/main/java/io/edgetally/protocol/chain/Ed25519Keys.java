package io.edgetally.protocol.chain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 public keys as people and registries handle them: the raw 32-byte key in base64 (what is enrolled),
 * and a short key id (first 8 bytes of its SHA-256, hex) that every report names.
 */
public final class Ed25519Keys {

    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int RAW_LENGTH = 32;

    private Ed25519Keys() {}

    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + RAW_LENGTH
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    /** The raw key in base64 (44 characters), the form printed for enrolment. */
    public static String toBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(raw(key));
    }

    /**
     * Reads an enrolled key: base64 of the raw 32 bytes, or of the 44-byte X.509 form. The message of the error
     * says which length was found.
     */
    public static PublicKey fromBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not base64: " + e.getMessage());
        }
        byte[] der;
        if (bytes.length == RAW_LENGTH) {
            der = new byte[X509_PREFIX.length + RAW_LENGTH];
            System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
            System.arraycopy(bytes, 0, der, X509_PREFIX.length, RAW_LENGTH);
        } else if (bytes.length == X509_PREFIX.length + RAW_LENGTH) {
            der = bytes;
        } else {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes (or 44 in X.509 form), found "
                    + bytes.length + " bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage());
        }
    }

    /** 16 hex characters identifying the key, e.g. {@code 3f9a0c11d2e4b7a8}. */
    public static String keyId(PublicKey key) {
        return keyIdOfRaw(raw(key));
    }

    /** The key id of a raw 32-byte public key. */
    public static String keyIdOfRaw(byte[] raw) {
        return HexFormat.of().formatHex(sha256(raw), 0, 8);
    }

    /** The JDK public key for raw 32 bytes. */
    public static PublicKey fromRaw(byte[] raw) {
        return fromBase64(Base64.getEncoder().encodeToString(raw));
    }

    /** A new random key pair (the JDK's generator, seeded by its strong random source). */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
