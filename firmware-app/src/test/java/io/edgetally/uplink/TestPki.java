package io.edgetally.uplink;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A throwaway PKI for TLS tests: a CA, a server certificate for 127.0.0.1/localhost and client certificates,
 * written as PEM files (keys PKCS#8, mode 600) into a folder the test owns. EC P-256 keeps generation fast.
 */
public final class TestPki {

    /** PEM files of one certificate and its key. */
    public record Issued(Path certificate, Path key) {}

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;
    private long serial = 2;

    public TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        try {
            caKeys = keyPair();
            X500Name subject = new X500Name("CN=" + name + " test CA");
            Instant now = Instant.parse("2025-01-01T00:00:00Z");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now),
                    Date.from(now.plus(Duration.ofDays(3650 * 3))), subject, caKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(b, caKeys);
            caFile = write(name + "-ca.pem", pem("CERTIFICATE", ca.getEncoded()), false);
        } catch (Exception e) {
            throw new IllegalStateException("test CA: " + e.getMessage(), e);
        }
    }

    public Path caCertificate() {
        return caFile;
    }

    /** A server certificate valid for 127.0.0.1 and localhost. */
    public Issued server(String cn) {
        return issue(cn, true);
    }

    public Issued client(String cn) {
        return issue(cn, false);
    }

    private Issued issue(String cn, boolean server) {
        try {
            KeyPair keys = keyPair();
            Instant now = Instant.parse("2025-01-01T00:00:00Z");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(serial++),
                    Date.from(now), Date.from(now.plus(Duration.ofDays(3650 * 3))), new X500Name("CN=" + cn),
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            X509Certificate cert = sign(b, caKeys);
            String base = name + "-" + cn;
            return new Issued(write(base + ".crt", pem("CERTIFICATE", cert.getEncoded()), false),
                    write(base + ".key", pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true));
        } catch (Exception e) {
            throw new IllegalStateException("test certificate " + cn + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private Path write(String file, String text, boolean secret) {
        try {
            Path p = dir.resolve(file);
            Files.writeString(p, text, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
