package io.edgetally.uplink.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the uplink from PEM files, JDK classes only: the device proves itself with its certificate and key, and
 * trusts exactly one CA (pinned) for the broker, not the JDK's public CA list.
 */
public final class TlsContexts {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private TlsContexts() {}

    /** An SSLContext (TLS 1.2 or 1.3) presenting {@code certificate}/{@code key} and trusting only {@code ca}. */
    public static SSLContext mutual(Path ca, Path certificate, Path key) {
        List<X509Certificate> trusted = Pem.certificates(ca);
        List<X509Certificate> chain = Pem.certificates(certificate);
        PrivateKey privateKey = Pem.privateKey(key);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", privateKey, IN_MEMORY, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);

            TrustManagerFactory tmf = trustOnly(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("TLS setup from " + certificate.toAbsolutePath() + " and " + key.toAbsolutePath()
                    + " (CA " + ca.toAbsolutePath() + ") failed: " + e.getMessage()
                    + " (does the key belong to the certificate?)", e);
        }
    }

    /** A trust manager factory that trusts exactly {@code certificates}. */
    public static TrustManagerFactory trustOnly(List<X509Certificate> certificates) throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
