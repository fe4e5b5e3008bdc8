package io.edgetally.io.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Decoding of meter words and the backoff schedule. */
class ModbusValuesTest {

    @Test
    void float32AndUint32AreReadHighWordFirst() {
        // 1234.5f = 0x449A5000; serial 0x12345678
        ModbusResult.Registers r = new ModbusResult.Registers(new RegisterBlock(1, RegisterKind.INPUT, 0x48, 4),
                new int[] {0x449A, 0x5000, 0x1234, 0x5678});
        assertThat(r.float32At(0x48)).isEqualTo(1234.5f);
        assertThat(r.uint32At(0x4A)).isEqualTo(0x12345678L);
        assertThat(new ModbusResult.Registers(new RegisterBlock(1, RegisterKind.HOLDING, 0, 2),
                new int[] {0xFFFF, 0xFFFE}).uint32At(0)).isEqualTo(0xFFFFFFFEL);
    }

    @Test
    void aMeterThatSwapsTheWordsIsReadLowWordFirst() {
        // the same 1234.5f and serial, as a word-swapping firmware stores them
        ModbusResult.Registers r = new ModbusResult.Registers(new RegisterBlock(1, RegisterKind.HOLDING, 0x48, 4),
                new int[] {0x5000, 0x449A, 0x5678, 0x1234});
        assertThat(new RegisterField("import kWh", RegisterKind.HOLDING, 0x48,
                RegisterField.Encoding.FLOAT32_LOW_WORD_FIRST).decode(r)).isEqualTo(1234.5);
        assertThat(new RegisterField("serial", RegisterKind.HOLDING, 0x4A,
                RegisterField.Encoding.UINT32_LOW_WORD_FIRST).decode(r)).isEqualTo(0x12345678L);
        assertThat(new RegisterField("import kWh", RegisterKind.HOLDING, 0x48, RegisterField.Encoding.FLOAT32)
                .decode(r)).as("read high word first, the swapped value is another number").isNotEqualTo(1234.5);
    }

    @Test
    void aRegisterOutsideTheBlockIsNamed() {
        ModbusResult.Registers r = new ModbusResult.Registers(new RegisterBlock(1, RegisterKind.INPUT, 0x48, 2),
                new int[] {0, 0});
        assertThatThrownBy(() -> r.float32At(0x49)).hasMessageContaining("0x0049", "unit 1 input registers 0x0048..0x0049");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void badSettingsAreRefusedNamingTheEndpoint() {
        assertThatThrownBy(() -> new TcpSettings("meter.local", 70000)).hasMessageContaining("meter.local", "70000");
        assertThatThrownBy(() -> new TcpSettings("meter.local", 502, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connect timeout", "tcp://meter.local:502");
        assertThatThrownBy(() -> new RegisterBlock(1, RegisterKind.INPUT, 0, 126)).hasMessageContaining("1..125");
    }

    @Test
    void nothingListeningIsAConnectFailureNotAnException() {
        try (TcpModbusTransport transport = new TcpModbusTransport(new TcpSettings("127.0.0.1", 1,
                Duration.ofMillis(300), Duration.ofMillis(300)))) {
            ModbusResult result = transport.read(new RegisterBlock(1, RegisterKind.INPUT, 0x48, 2));
            assertThat(result).isInstanceOfSatisfying(ModbusResult.Failure.class, f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.CONNECT);
                assertThat(f.reason()).contains("tcp://127.0.0.1:1", "unit 1 input registers 0x0048..0x0049");
            });
            assertThat(transport.connectionEpoch()).isZero();
        }
    }

    @Test
    void aMissingSerialPortIsAConnectFailureNamingTheLine() {
        try (RtuModbusTransport transport = new RtuModbusTransport(new RtuSettings("/dev/ttyEDGETALLY-NONE"))) {
            ModbusResult result = transport.read(new RegisterBlock(3, RegisterKind.HOLDING, 0x4000, 2));
            assertThat(result).isInstanceOfSatisfying(ModbusResult.Failure.class, f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.CONNECT);
                assertThat(f.reason()).contains("rtu:/dev/ttyEDGETALLY-NONE@9600,8N1", "unit 3 holding registers 0x4000");
            });
        }
    }

    @Test
    void badSerialSettingsAreRefusedNamingThePort() {
        assertThatThrownBy(() -> new RtuSettings("/dev/ttyUSB0", 9600, 8, RtuSettings.Parity.EVEN, 3,
                Duration.ofSeconds(1), Duration.ZERO, false)).hasMessageContaining("/dev/ttyUSB0", "stop bits", "3");
        assertThat(new RtuSettings("/dev/ttyUSB0", 2400, 8, RtuSettings.Parity.EVEN, 1, Duration.ofSeconds(1),
                Duration.ZERO, false).endpoint()).isEqualTo("rtu:/dev/ttyUSB0@2400,8E1");
    }
}
