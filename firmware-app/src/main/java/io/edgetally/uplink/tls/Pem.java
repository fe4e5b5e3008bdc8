package io.edgetally.uplink.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads PEM certificates and PKCS#8 private keys with JDK classes only. Errors name the file. */
public final class Pem {

    private Pem() {}

    /** Every certificate in {@code file}, in order (a chain: leaf first). */
    public static List<X509Certificate> certificates(Path file) {
        byte[] bytes = read(file);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new TlsSetupException(file.toAbsolutePath() + ": no certificate found; expected PEM blocks"
                        + " '-----BEGIN CERTIFICATE-----'");
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsSetupException(file.toAbsolutePath() + ": not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}): RSA, EC or Ed25519. */
    public static PrivateKey privateKey(Path file) {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
                || text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new TlsSetupException(file.toAbsolutePath() + ": expected an unencrypted PKCS#8 key"
                    + " ('BEGIN PRIVATE KEY'); convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new TlsSetupException(file.toAbsolutePath() + ": no '-----BEGIN PRIVATE KEY-----' block found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new TlsSetupException(file.toAbsolutePath() + ": the key block is not valid base64", e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the key names its algorithm inside the DER; the JDK offers no lookup, so try the ones TLS uses
            }
        }
        throw new TlsSetupException(file.toAbsolutePath() + ": not an RSA, EC or Ed25519 PKCS#8 private key");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
