package io.edgetally.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.protocol.chain.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsCreatedOwnerOnlyOnFirstStartAndTheSameKeyLoadsAfter() throws Exception {
        Path file = dir.resolve("etc/edgetally/device.pem");
        DeviceKeys created = DeviceKeys.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");

        DeviceKeys loaded = DeviceKeys.loadOrCreate(file);
        assertThat(loaded.publicKeyBase64()).isEqualTo(created.publicKeyBase64()).hasSize(44);
        assertThat(loaded.keyId()).hasSize(16).isEqualTo(created.keyId());
        assertThat(loaded.enrolmentText("jiange-01", "barn-07")).contains(created.publicKeyBase64())
                .contains("key id " + created.keyId());
    }

    @Test
    void aProvisionedPkcs8KeyLoadsWithItsOwnPublicKey() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path file = dir.resolve("provisioned.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(DeviceKeys.load(file).publicKeyBase64()).isEqualTo(Ed25519Keys.toBase64(pair.getPublic()));
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("device.pem");
        DeviceKeys.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DeviceKeys.loadOrCreate(file))
                .isInstanceOf(DeviceKeys.KeyFileException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aFileThatIsNotAKeyIsNamed() throws Exception {
        Path file = dir.resolve("device.pem");
        Files.writeString(file, "hello");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> DeviceKeys.load(file)).hasMessageContaining(file + " is not a PEM private key");
    }
}
