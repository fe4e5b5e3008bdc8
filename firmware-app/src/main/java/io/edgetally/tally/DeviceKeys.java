package io.edgetally.tally;

import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.ReportSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The device's Ed25519 signing key. Stored as a PEM PKCS#8 private key (the form {@code openssl genpkey
 * -algorithm ed25519} writes, so a key can be provisioned), owner read/write only. Generated on first start
 * when no file exists; a key file that group or others can read is refused, because anyone who reads it can
 * sign tallies in this device's name.
 */
public final class DeviceKeys {

    /** Where a device keeps its signing key, inside its data folder. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("keys").resolve("device.key");
    }

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final KeyPair keys;

    private DeviceKeys(Path file, KeyPair keys) {
        this.file = file;
        this.keys = keys;
    }

    /** Loads the key at {@code file}, or generates and writes one (mode 600) if there is none. */
    public static DeviceKeys loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
        write(file, pair);
        return new DeviceKeys(file, pair);
    }

    /** Loads a provisioned key; refuses a file readable by others, naming the file and the fix. */
    public static DeviceKeys load(Path file) {
        checkOwnerOnly(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException("cannot read device key " + file + ": " + e.getMessage());
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new KeyFileException("device key " + file + " is not a PEM private key (expected '" + BEGIN
                    + "' ... '" + END + "', e.g. from: openssl genpkey -algorithm ed25519)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            var privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(privateKey instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
                throw new KeyFileException("device key " + file + " is not an Ed25519 private key");
            }
            return new DeviceKeys(file, fromSeed(ed.getBytes().get()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new KeyFileException("device key " + file + " is not a valid Ed25519 PKCS#8 key: " + e.getMessage());
        }
    }

    /**
     * The key pair for a 32-byte private seed. The JDK has no public call to derive an Ed25519 public key, but
     * its generator takes the seed from the random source it is given, so feeding it the seed re-derives the pair.
     */
    private static KeyPair fromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return g.generateKeyPair();
    }

    private static void write(Path file, KeyPair pair) {
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (isPosix(parent)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException("device key " + file + " appeared while creating it; not overwriting it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write device key " + file, e);
        }
    }

    private static void checkOwnerOnly(Path file) {
        if (!isPosix(file)) {
            return; // no POSIX permissions to check (not a Pi): the file system's ACLs are the operator's job
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new KeyFileException("device key " + file + " has permissions "
                        + PosixFilePermissions.toString(perms) + "; it must be readable by its owner only"
                        + " (rw-------). Fix with: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new KeyFileException("cannot read permissions of device key " + file + ": " + e.getMessage());
        }
    }

    private static boolean isPosix(Path p) {
        return p != null && Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }

    public Path file() {
        return file;
    }

    public KeyPair keyPair() {
        return keys;
    }

    public ReportSigner signer() {
        return new ReportSigner(keys);
    }

    /** The raw public key in base64: what the registry enrols. */
    public String publicKeyBase64() {
        return Ed25519Keys.toBase64(keys.getPublic());
    }

    /** The short key id every report names (16 hex characters). */
    public String keyId() {
        return Ed25519Keys.keyId(keys.getPublic());
    }

    /** A block to print for enrolment. */
    public String enrolmentText(String site, String device) {
        return "device " + site + "/" + device + "\n" + enrolmentText();
    }

    /** The public key and its id, without the device line (for a device whose site and name are not known here). */
    public String enrolmentText() {
        return "ed25519 public key " + publicKeyBase64() + "\n"
                + "key id " + keyId() + "\n";
    }

    /** A key file that cannot be used; the message names the file and what to do. */
    public static final class KeyFileException extends RuntimeException {
        public KeyFileException(String message) {
            super(message);
        }
    }
}
