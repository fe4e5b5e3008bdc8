package io.edgetally.io.onewire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.TemperatureReading.SensorFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS18B20 driver on w1_slave files as the Linux w1_therm driver writes them, good and bad. */
class Ds18b20ProbeTest {

    private static final String ID = "28-0316a2794aff";

    @TempDir
    Path base;

    private Ds18b20Probe probe() {
        return new Ds18b20Probe("dry bulb", ID, base);
    }

    private void file(String content) throws IOException {
        Files.createDirectories(base.resolve(ID));
        Files.writeString(base.resolve(ID).resolve("w1_slave"), content);
    }

    private static TemperatureReading.Invalid invalid(TemperatureReading r) {
        assertThat(r).isInstanceOf(TemperatureReading.Invalid.class);
        return (TemperatureReading.Invalid) r;
    }

    @Test
    void readsAGoodConversion() throws IOException {
        file("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        assertThat(probe().read()).isEqualTo(new TemperatureReading.Valid(23.125));
    }

    @Test
    void readsBelowZero() throws IOException {
        file("5e ff 4b 46 7f ff 02 10 d6 : crc=d6 YES\n5e ff 4b 46 7f ff 02 10 d6 t=-10125\n");
        assertThat(probe().read()).isEqualTo(new TemperatureReading.Valid(-10.125));
    }

    @Test
    void aFailedCrcIsACrcFault() throws IOException {
        file("72 05 4b 46 7f ff 0e 10 57 : crc=57 NO\n72 05 4b 46 7f ff 0e 10 57 t=87125\n");
        TemperatureReading.Invalid r = invalid(probe().read());
        assertThat(r.fault()).isEqualTo(SensorFault.CRC);
        assertThat(r.detail()).contains("dry bulb", ID, "crc=57");
    }

    @Test
    void aProbeGoneFromTheBusIsOpen() {
        TemperatureReading.Invalid r = invalid(probe().read());
        assertThat(r.fault()).isEqualTo(SensorFault.OPEN);
        assertThat(r.detail()).contains(base.resolve(ID).resolve("w1_slave").toString());
    }

    @Test
    void thePowerOnValueIsRejectedUnlessTheBarnWasAlreadyNear85() throws IOException {
        String powerOn = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";
        Ds18b20Probe cold = probe();
        file(powerOn);
        assertThat(invalid(cold.read()).fault()).isEqualTo(SensorFault.POWER_ON_VALUE);

        Ds18b20Probe hot = probe();
        file("4f 05 4b 46 7f ff 01 10 ef : crc=ef YES\n4f 05 4b 46 7f ff 01 10 ef t=84937\n");
        assertThat(hot.read()).isEqualTo(new TemperatureReading.Valid(84.937));
        file(powerOn);
        assertThat(hot.read()).isEqualTo(new TemperatureReading.Valid(85.0));
    }

    @Test
    void railPatternsAndTheDisconnectedValueAreShorts() throws IOException {
        file("00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n");
        assertThat(invalid(probe().read()).fault()).isEqualTo(SensorFault.SHORT);

        file("ff ff ff ff ff ff ff ff ff : crc=c9 NO\nff ff ff ff ff ff ff ff ff t=-62\n");
        assertThat(invalid(probe().read()).fault()).isEqualTo(SensorFault.SHORT);

        file("10 f8 4b 46 7f ff 10 10 aa : crc=aa YES\n10 f8 4b 46 7f ff 10 10 aa t=-127000\n");
        assertThat(invalid(probe().read()).fault()).isEqualTo(SensorFault.SHORT);
    }

    @Test
    void aValueOutsideTheSensorRangeIsOutOfRange() throws IOException {
        file("f0 07 4b 46 7f ff 10 10 aa : crc=aa YES\nf0 07 4b 46 7f ff 10 10 aa t=127000\n");
        TemperatureReading.Invalid r = invalid(probe().read());
        assertThat(r.fault()).isEqualTo(SensorFault.OUT_OF_RANGE);
        assertThat(r.detail()).contains("127.0", "-55.0..125.0");
    }

    @Test
    void aGarbledFileNamesThePathAndShowsTheContent() throws IOException {
        file("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\nhello\n");
        TemperatureReading.Invalid r = invalid(probe().read());
        assertThat(r.detail()).contains(base.resolve(ID).resolve("w1_slave").toString(),
                "'72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\\nhello\\n'");

        file("");
        assertThat(invalid(probe().read()).detail()).contains("unreadable", "''");
    }

    @Test
    void aMalformedProbeIdIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> new Ds18b20Probe("wet bulb", "28-XYZ", base))
                .hasMessageContaining("wet bulb", "28-XYZ", "12 lower-case hex");
    }

    @Test
    void theDefaultBasePathIsTheKernelsDeviceFolder() {
        assertThat(Ds18b20Probe.DEFAULT_BASE_PATH).isEqualTo(Path.of("/sys/bus/w1/devices"));
    }
}
