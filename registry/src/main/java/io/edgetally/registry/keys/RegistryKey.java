package io.edgetally.registry.keys;

import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import java.io.IOException;
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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The registry's own Ed25519 key, which signs its acks. A PEM PKCS#8 file (what {@code openssl genpkey -algorithm
 * ed25519} writes), readable by its owner only; its public key is what devices are provisioned with.
 */
public final class RegistryKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private RegistryKey() {}

    /** Writes a new key to {@code file}; refuses to overwrite one (devices trust the old one). */
    public static Ed25519Signer create(Path file) {
        KeyPair pair = Ed25519Keys.generate();
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException("registry key " + file + " exists already; not overwriting it (devices trust"
                    + " it). Remove it first only if no device was provisioned with it.");
        } catch (IOException e) {
            throw new KeyFileException("cannot write registry key " + file + ": " + e.getMessage());
        }
        return Ed25519Signer.of(pair);
    }

    /** Reads the key; a missing file, a file others can read, or one that is not an Ed25519 key is refused. */
    public static Ed25519Signer load(Path file) {
        if (!Files.exists(file)) {
            throw new KeyFileException("registry key " + file + " does not exist; create it with: edgetally-registry"
                    + " keys init --config FILE");
        }
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new KeyFileException("registry key " + file + " has permissions "
                            + PosixFilePermissions.toString(perms) + "; it must be readable by its owner only"
                            + " (rw-------). Fix with: chmod 600 " + file);
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                throw new KeyFileException("registry key " + file + " is not a PEM private key (expected '" + BEGIN
                        + "' ... '" + END + "')");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            return Ed25519Signer.of(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IOException e) {
            throw new KeyFileException("cannot read registry key " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyFileException("registry key " + file + " is not a valid Ed25519 PKCS#8 key: "
                    + e.getMessage());
        }
    }

    /** The text {@code keys show} prints: what a device is provisioned with. */
    public static String describe(Ed25519Signer key) {
        return "registry ed25519 public key " + Base64.getEncoder().encodeToString(key.rawPublicKey()) + "\n"
                + "key id " + key.keyId() + "\n";
    }

    /** A key file that cannot be used; the message names the file and what to do. */
    public static final class KeyFileException extends RuntimeException {
        public KeyFileException(String message) {
            super(message);
        }
    }
}
