package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgetally.config.ConfigException;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.Polarity;
import io.edgetally.io.gpio.PulseCounter;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.S0EnergyMeter;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.wiring.Meters;
import io.edgetally.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S0 pulse outputs of kWh meters counted on a Pi4J mock input, edges driven as the meter's opto switch would. */
class S0PulseMeterTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));

    /** One S0 pulse on an active-low input: the opto transistor pulls the line low for 30 ms. */
    private void pulse(MockGpio gpio, int pin) {
        gpio.driveInput(pin, false);
        clock.advance(Duration.ofMillis(30));
        gpio.driveInput(pin, true);
        clock.advance(Duration.ofMillis(70));
    }

    @Test
    void countsEveryPulseAndIgnoresContactBounce() {
        try (MockGpio gpio = new MockGpio()) {
            PulseCounter counter = gpio.board().pulseCounter("barn", 22, Polarity.ACTIVE_LOW, Duration.ofMillis(10),
                    clock);
            gpio.driveInput(22, true);
            for (int i = 0; i < 7; i++) {
                pulse(gpio, 22);
            }
            assertThat(counter.count()).isEqualTo(7);

            gpio.driveInput(22, false);
            clock.advance(Duration.ofMillis(2));
            gpio.driveInput(22, true); // bounce 2 ms into the pulse
            clock.advance(Duration.ofMillis(1));
            gpio.driveInput(22, false);
            clock.advance(Duration.ofMillis(30));
            gpio.driveInput(22, true);
            assertThat(counter.count()).as("one pulse, its bounce ignored").isEqualTo(8);
            assertThat(counter.bounced()).isEqualTo(1);
        }
    }

    @Test
    void theCountSurvivesARestartAndPowerFollowsThePulseRate() throws Exception {
        Path state = dir.resolve("s0-barn.count");
        try (MockGpio gpio = new MockGpio()) {
            S0EnergyMeter meter = new S0EnergyMeter("barn", gpio.board().pulseCounter("barn", 22, Polarity.ACTIVE_LOW,
                    Duration.ofMillis(10), clock), 1000, state, clock);
            gpio.driveInput(22, true);
            assertThat(((MeterReading.Ok) meter.read()).importKwh()).isZero();
            for (int i = 0; i < 250; i++) {
                pulse(gpio, 22); // 250 pulses in 25 s: 0.25 kWh, 36 kW
            }
            MeterReading.Ok r = (MeterReading.Ok) meter.read();
            assertThat(r.meterId()).isEqualTo("S0:barn");
            assertThat(r.importKwh()).isCloseTo(0.25, within(1e-9));
            assertThat(r.powerW()).isCloseTo(36_000, within(1.0));
            assertThat(Files.readString(state)).isEqualTo("pulses=250\n");
        }
        try (MockGpio gpio = new MockGpio()) {
            S0EnergyMeter again = new S0EnergyMeter("barn", gpio.board().pulseCounter("barn", 22, Polarity.ACTIVE_LOW,
                    Duration.ofMillis(10), clock), 1000, state, clock);
            gpio.driveInput(22, true);
            pulse(gpio, 22);
            assertThat(((MeterReading.Ok) again.read()).importKwh()).isCloseTo(0.251, within(1e-9));
            assertThat(again.totalPulses()).isEqualTo(251);
        }
    }

    @Test
    void aCountThatCannotBeSavedIsAFailedReadNamingTheFile() throws Exception {
        Path folder = dir.resolve("data");
        try (MockGpio gpio = new MockGpio()) {
            S0EnergyMeter meter = new S0EnergyMeter("barn", gpio.board().pulseCounter("barn", 22, Polarity.ACTIVE_LOW,
                    Duration.ofMillis(10), clock), 1000, folder.resolve("s0-barn.count"), clock);
            Files.writeString(folder, "the data folder is gone and a file sits in its place");
            gpio.driveInput(22, true);
            pulse(gpio, 22);
            assertThat(meter.read()).isInstanceOfSatisfying(MeterReading.Failed.class,
                    f -> assertThat(f.reason()).contains("s0-barn.count", "cannot save"));
        }
    }

    @Test
    void wiredFromTheConfig() {
        String yaml = """
                site: s
                device: d
                kind: curing-barn
                barn: {heater-stages: 1}
                io:
                  gpio: {provider: mock, relays: {heater-1: {pin: 5}}}
                  meter:
                    name: barn
                    model: s0
                    max-power-kw: 60
                    s0: {pin: 23, pulses-per-kwh: 800, debounce: 5ms}
                """;
        SiteConfig config = SiteConfig.from(ConfigNode.parse("s0.yaml", yaml));
        assertThat(config.io().meters().get(0).link())
                .isEqualTo(new IoConfig.MeterLink.S0(23, true, 800, Duration.ofMillis(5)));
        try (MockGpio gpio = new MockGpio();
             ModbusLinks links = new ModbusLinks(clock);
             EnergyMeter meter = Meters.open(config.io().meters().get(0), links, Optional.of(gpio.board()), dir,
                     clock)) {
            gpio.driveInput(23, true);
            for (int i = 0; i < 8; i++) {
                pulse(gpio, 23);
            }
            assertThat(((MeterReading.Ok) meter.read()).importKwh()).isCloseTo(0.01, within(1e-9));
        }
        assertThatThrownBy(() -> Meters.open(config.io().meters().get(0), new ModbusLinks(clock), Optional.empty(),
                dir, clock))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GPIO board");
        assertThatThrownBy(() -> SiteConfig.from(ConfigNode.parse("s0.yaml",
                yaml.replace("debounce: 5ms", "debounce: 60ms"))))
                .hasMessageContaining("s0.yaml line 11").hasMessageContaining("under half the pulse period");
    }
}
