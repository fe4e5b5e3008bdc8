package io.edgetally.uplink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Checks on files named in the config: present, readable, and for secrets not readable by anyone else. */
final class SecretFiles {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {}

    static void requireReadable(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            throw new UplinkConfigException(key + ": " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new UplinkConfigException(key + ": " + file.toAbsolutePath() + " is not readable by this user");
        }
    }

    /** A private key or password: refused when group or others may read or write it (a leaked key signs for us). */
    static void requireOwnerOnly(Path file, String key) {
        requireReadable(file, key);
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system (a developer's Windows checkout): nothing to check against
        } catch (IOException e) {
            throw new UplinkConfigException(key + ": cannot read the permissions of " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(perms);
        loose.retainAll(OTHERS);
        if (!loose.isEmpty()) {
            throw new UplinkConfigException(key + ": " + file.toAbsolutePath() + " is a secret but its mode is "
                    + PosixFilePermissions.toString(perms) + " (group/others may access it); run: chmod 600 "
                    + file.toAbsolutePath());
        }
    }
}
