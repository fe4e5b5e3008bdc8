package io.edgetally.doctor;

import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.chain.Ed25519Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The doctor's checks of the device around the field wiring: clock synchronisation, space for the data,
 * the uplink broker's reachability, the TLS files and the device signing key. Files are judged for the user the
 * service runs as ({@value #SERVICE_USER}) when that user exists, since the doctor itself usually runs as root.
 */
final class SystemChecks {

    static final String SERVICE_USER = "edgetally";
    static final long FAIL_BELOW_BYTES = 100L * 1024 * 1024;
    static final long WARN_BELOW_BYTES = 500L * 1024 * 1024;
    static final Duration CERT_WARN_WITHIN = Duration.ofDays(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Path TIMESYNCD_FLAG = Path.of("/run/systemd/timesync/synchronized");

    private final SiteConfig config;
    private final Clock clock;
    private final Consumer<Check> report;

    SystemChecks(SiteConfig config, Clock clock, Consumer<Check> report) {
        this.config = config;
        this.clock = clock;
        this.report = report;
    }

    void run() {
        report.accept(clockSync());
        report.accept(disk());
        broker();
        config.uplink().ifPresent(u -> {
            u.caFile().ifPresent(f -> report.accept(certificate("uplink ca", f)));
            u.certFile().ifPresent(f -> report.accept(certificate("uplink cert", f)));
            u.keyFile().ifPresent(f -> report.accept(privateKey("uplink key", f, true)));
            report.accept(registryKey(u));
        });
        // where `edgetally keys init` and the service keep the device's signing key
        report.accept(privateKey("device key", config.dataDir().resolve("keys").resolve("device.key"), false));
    }

    /** The configured flag file if any; else timedatectl; else systemd-timesyncd's flag file. */
    Check clockSync() {
        String subject = "clock sync";
        if (config.clockSyncFile().isPresent()) {
            Path flag = config.clockSyncFile().get();
            return Files.exists(flag) ? Check.pass(subject, "synchronised (" + flag + " exists)")
                    : Check.warn(subject, "not synchronised yet (" + flag + " absent): reports are marked "
                    + "clockSynced=false until it is");
        }
        Optional<String> answer = timedatectl();
        if (answer.isPresent()) {
            return answer.get().equals("yes") ? Check.pass(subject, "synchronised (timedatectl NTPSynchronized=yes)")
                    : Check.warn(subject, "not synchronised (timedatectl NTPSynchronized=" + answer.get()
                    + "): check network time; reports are marked clockSynced=false");
        }
        return Files.exists(TIMESYNCD_FLAG) ? Check.pass(subject, "synchronised (" + TIMESYNCD_FLAG + " exists)")
                : Check.warn(subject, "cannot tell: no timedatectl and no " + TIMESYNCD_FLAG);
    }

    private static Optional<String> timedatectl() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && (out.equals("yes") || out.equals("no")) ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    Check disk() {
        Path dir = config.dataDir().toAbsolutePath();
        String subject = "disk";
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Check.fail(subject, "no part of " + dir + " exists");
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            String detail = String.format("%d MB free for %s%s", free / (1024 * 1024), dir,
                    existing.equals(dir) ? "" : " (not created yet; the service creates it)");
            if (free < FAIL_BELOW_BYTES) {
                return Check.fail(subject, detail + ": under " + FAIL_BELOW_BYTES / (1024 * 1024) + " MB");
            }
            return free < WARN_BELOW_BYTES ? Check.warn(subject, detail + ": under "
                    + WARN_BELOW_BYTES / (1024 * 1024) + " MB") : Check.pass(subject, detail);
        } catch (IOException e) {
            return Check.fail(subject, "cannot read free space of " + existing + ": " + e.getMessage());
        }
    }

    private void broker() {
        if (config.uplink().isEmpty()) {
            report.accept(Check.warn("broker", "no uplink configured: tally reports stay on this device"));
            return;
        }
        String url = config.uplink().get().broker();
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("ssl") ? 8883 : 1883;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            report.accept(Check.pass("broker", uri.getHost() + ":" + port + " accepts TCP connections (" + url + ")"));
        } catch (IOException e) {
            report.accept(Check.fail("broker", "cannot connect to " + uri.getHost() + ":" + port + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s: " + e.getMessage()));
        }
    }

    /** Whether the registry's acks are authenticated: without its key a forged ack for a published seq is believed. */
    static Check registryKey(SiteConfig.UplinkConfig u) {
        if (u.registryKeys().isEmpty()) {
            return Check.warn("registry key", "acks are NOT authenticated (no uplink.registry-key): an ack is only"
                    + " kept from going beyond what this device has published; provision the registry's public key"
                    + " with edgetally-provision --registry-key KEY");
        }
        return Check.pass("registry key", "acks must be signed by registry key " + u.registryKeys().stream()
                .map(k -> Ed25519Verifier.ofBase64(k).keyId()).toList());
    }

    Check certificate(String subject, Path file) {
        Optional<String> unreadable = unreadable(file);
        if (unreadable.isPresent()) {
            return Check.fail(subject, unreadable.get());
        }
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            return Check.fail(subject, file + " is not a PEM certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            return Check.fail(subject, file + " holds no certificate");
        }
        Instant now = clock.instant();
        Check worst = null;
        for (Certificate c : certs) {
            X509Certificate x = (X509Certificate) c;
            String who = x.getSubjectX500Principal().getName();
            Instant notAfter = x.getNotAfter().toInstant();
            Instant notBefore = x.getNotBefore().toInstant();
            Check check;
            if (now.isAfter(notAfter)) {
                check = Check.fail(subject, file + ": '" + who + "' expired " + notAfter);
            } else if (now.isBefore(notBefore)) {
                check = Check.fail(subject, file + ": '" + who + "' is valid only from " + notBefore
                        + " (is this device's clock right?)");
            } else if (Duration.between(now, notAfter).compareTo(CERT_WARN_WITHIN) < 0) {
                check = Check.warn(subject, file + ": '" + who + "' expires " + notAfter + ", within "
                        + CERT_WARN_WITHIN.toDays() + " days");
            } else {
                check = Check.pass(subject, file + ": '" + who + "' valid until " + notAfter);
            }
            if (worst == null || check.status().compareTo(worst.status()) > 0) {
                worst = check;
            }
        }
        return worst;
    }

    /** Exists, readable by the service, and not readable by everyone (group-readable is a warning). */
    Check privateKey(String subject, Path file, boolean required) {
        if (!Files.exists(file)) {
            return required ? Check.fail(subject, file + " does not exist")
                    : Check.warn(subject, file + " does not exist yet: run 'edgetally keys init' (the service "
                    + "also creates it on first start)");
        }
        Optional<String> unreadable = unreadable(file);
        if (unreadable.isPresent()) {
            return Check.fail(subject, unreadable.get());
        }
        Optional<PosixFileAttributes> attrs = posix(file);
        if (attrs.isEmpty()) {
            return Check.pass(subject, file + " readable (no POSIX permissions on this file system)");
        }
        Set<PosixFilePermission> perms = attrs.get().permissions();
        String mode = PosixFilePermissions.toString(perms) + " owner " + attrs.get().owner().getName();
        if (perms.contains(PosixFilePermission.OTHERS_READ)) {
            return Check.fail(subject, file + " is readable by every user (" + mode + "): chmod 600 it");
        }
        if (perms.contains(PosixFilePermission.GROUP_READ)) {
            return Check.warn(subject, file + " is readable by its group (" + mode + "): chmod 600 it unless the "
                    + "group is only the service");
        }
        return Check.pass(subject, file + " (" + mode + ")");
    }

    /** Why the service could not read {@code file}, if it could not. */
    private static Optional<String> unreadable(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of(file + " is not readable");
        }
        Optional<PosixFileAttributes> attrs = posix(file);
        if (attrs.isEmpty() || !serviceUserExists(file)) {
            return Optional.empty();
        }
        PosixFileAttributes a = attrs.get();
        Set<PosixFilePermission> p = a.permissions();
        boolean readable = (a.owner().getName().equals(SERVICE_USER) && p.contains(PosixFilePermission.OWNER_READ))
                || (a.group().getName().equals(SERVICE_USER) && p.contains(PosixFilePermission.GROUP_READ))
                || p.contains(PosixFilePermission.OTHERS_READ);
        return readable ? Optional.empty() : Optional.of(file + " is not readable by the " + SERVICE_USER
                + " user (" + PosixFilePermissions.toString(p) + " " + a.owner().getName() + ":" + a.group().getName()
                + "): chown " + SERVICE_USER + " it");
    }

    private static boolean serviceUserExists(Path file) {
        try {
            file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<PosixFileAttributes> posix(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, PosixFileAttributes.class));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
