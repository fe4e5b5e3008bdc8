package io.edgetally.uplink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UplinkConfigTest {

    @TempDir
    Path dir;

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> UplinkConfig.of("http://broker:80", "farm", "barn-1"))
                .isInstanceOf(UplinkConfigException.class).hasMessageContaining("uplink.broker")
                .hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> UplinkConfig.of("tcp://broker", "farm", "barn-1"))
                .hasMessageContaining("uplink.broker").hasMessageContaining("port");
        assertThatThrownBy(() -> UplinkConfig.of("ssl://broker:8883", "farm", "barn-1"))
                .hasMessageContaining("uplink.tls");
        assertThatThrownBy(() -> UplinkConfig.of("tcp://broker:1883", "farm", "barn#1"))
                .hasMessageContaining("device").hasMessageContaining("barn#1");
        UplinkConfig ok = UplinkConfig.of("tcp://broker:1883", "farm", "barn-1");
        assertThatThrownBy(() -> ok.withFlush(0, 10)).hasMessageContaining("uplink.inFlightWindow");
        assertThatThrownBy(() -> ok.withFlush(10, -1)).hasMessageContaining("uplink.flushRate");
        assertThatThrownBy(() -> ok.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .hasMessageContaining("uplink.backoffMax");
        assertThatThrownBy(() -> ok.withAckTimeout(Duration.ZERO)).hasMessageContaining("uplink.ackTimeout");
        assertThatThrownBy(() -> UplinkConfig.ofTls("tcp://broker:1883", "farm", "barn-1", dir, dir, dir))
                .hasMessageContaining("ssl://broker:1883");
    }

    @Test
    void aSecretReadableByOthersIsRefusedWithTheFixToRun() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        UplinkConfig c = UplinkConfig.of("tcp://broker:1883", "farm", "barn-1").withCredentials("barn", password);
        assertThatThrownBy(c::checkFiles).isInstanceOf(UplinkConfigException.class)
                .hasMessageContaining("uplink.passwordFile").hasMessageContaining("chmod 600");

        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        assertThatCode(c::checkFiles).doesNotThrowAnyException();
    }

    @Test
    void missingCertificateFilesAreNamed() {
        UplinkConfig c = UplinkConfig.ofTls("ssl://broker:8883", "farm", "barn-1",
                dir.resolve("ca.pem"), dir.resolve("dev.crt"), dir.resolve("dev.key"));
        assertThatThrownBy(c::checkFiles).hasMessageContaining("uplink.tls.ca").hasMessageContaining("ca.pem");
    }

    @Test
    void tlsFilesLoadAndAPkcs1KeyGetsTheConversionHint() throws Exception {
        TestPki pki = new TestPki(dir, "t");
        TestPki.Issued device = pki.client("barn-1");
        assertThat(io.edgetally.uplink.tls.TlsContexts.mutual(pki.caCertificate(), device.certificate(), device.key())
                .getSocketFactory()).isNotNull();

        Path pkcs1 = Files.writeString(dir.resolve("old.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> io.edgetally.uplink.tls.Pem.privateKey(pkcs1))
                .hasMessageContaining("old.key").hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> io.edgetally.uplink.tls.Pem.certificates(device.key()))
                .hasMessageContaining(device.key().getFileName().toString());
    }
}
