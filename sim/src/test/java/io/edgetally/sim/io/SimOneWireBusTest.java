package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.TemperatureReading.SensorFault;
import io.edgetally.io.onewire.Ds18b20Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware's DS18B20 driver reading the simulated 1-Wire bus, in a real folder. */
class SimOneWireBusTest {

    private static final String DRY = "28-00000a1b2c3d";
    private static final String WET = "28-00000a1b2c3e";

    @TempDir
    Path folder;

    @Test
    void probesReadWhatTheBusWrites() {
        SimOneWireBus bus = new SimOneWireBus(folder);
        Ds18b20Probe dry = new Ds18b20Probe("dry bulb", DRY, bus.folder());
        Ds18b20Probe wet = new Ds18b20Probe("wet bulb", WET, bus.folder());

        bus.write(DRY, 38.5);
        bus.write(WET, -3.25);
        assertThat(dry.read()).isEqualTo(new TemperatureReading.Valid(38.5));
        assertThat(wet.read()).isEqualTo(new TemperatureReading.Valid(-3.25));

        // the DS18B20 resolves 1/16 °C
        bus.write(DRY, 41.23);
        assertThat(dry.read()).isEqualTo(new TemperatureReading.Valid(41.25));
    }

    @Test
    void filesLookLikeTheKernelsAndCarryAValidCrc() throws Exception {
        SimOneWireBus bus = new SimOneWireBus(folder);
        bus.write(DRY, 23.125);
        assertThat(Files.readString(folder.resolve(DRY).resolve("w1_slave"))).isEqualTo(
                "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        assertThat(SimOneWireBus.crc8(HexFormat.ofDelimiter(" ").parseHex("72 01 4b 46 7f ff 0e 10"), 8))
                .isEqualTo(0x57);
        try (var files = Files.list(folder.resolve(DRY))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w1_slave");
        }
    }

    @Test
    void faultsReachTheDriverAsTheRightSensorFaults() {
        SimOneWireBus bus = new SimOneWireBus(folder);
        Ds18b20Probe dry = new Ds18b20Probe("dry bulb", DRY, bus.folder());

        bus.setFault(DRY, SimOneWireBus.Fault.CRC_FAILURE);
        bus.write(DRY, 40.0);
        assertThat(dry.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                r -> assertThat(r.fault()).isEqualTo(SensorFault.CRC));

        bus.setFault(DRY, SimOneWireBus.Fault.POWER_ON_VALUE);
        bus.write(DRY, 40.0);
        assertThat(dry.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                r -> assertThat(r.fault()).isEqualTo(SensorFault.POWER_ON_VALUE));

        bus.setFault(DRY, SimOneWireBus.Fault.SHORTED);
        bus.write(DRY, 40.0);
        assertThat(dry.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                r -> assertThat(r.fault()).isEqualTo(SensorFault.SHORT));

        bus.setFault(DRY, SimOneWireBus.Fault.MISSING);
        assertThat(Files.exists(folder.resolve(DRY))).isFalse();
        bus.write(DRY, 40.0);
        assertThat(dry.read()).isInstanceOfSatisfying(TemperatureReading.Invalid.class,
                r -> assertThat(r.fault()).isEqualTo(SensorFault.OPEN));

        bus.setFault(DRY, SimOneWireBus.Fault.NONE);
        bus.write(DRY, 40.0);
        assertThat(dry.read()).isEqualTo(new TemperatureReading.Valid(40.0));
    }
}
