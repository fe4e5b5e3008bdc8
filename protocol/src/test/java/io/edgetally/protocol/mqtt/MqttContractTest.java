package io.edgetally.protocol.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttContractTest {

    @Test
    void topicsFollowTheContractAndParseBack() {
        DeviceTopics t = new DeviceTopics("farm-7", "barn-2");
        assertThat(t.topic(TopicKind.REPORT)).isEqualTo("edgetally/v1/farm-7/barn-2/report");
        assertThat(DeviceTopics.everyDevice(TopicKind.REPORT)).isEqualTo("edgetally/v1/+/+/report");
        for (TopicKind k : TopicKind.values()) {
            assertThat(DeviceTopics.parse(t.topic(k))).contains(new DeviceTopics.Parsed(t, k));
        }
        assertThat(DeviceTopics.parse("edgetally/v2/farm-7/barn-2/report")).isEmpty();
        assertThat(DeviceTopics.parse("edgetally/v1/farm-7/barn-2/x/report")).isEmpty();
        assertThat(DeviceTopics.parse("edgetally/v1/farm-7/barn-2/bogus")).isEmpty();
    }

    @Test
    void qosAndRetainAreTheContractsOnes() {
        assertThat(TopicKind.REPORT.qos()).isEqualTo(1);
        assertThat(TopicKind.TELEMETRY.qos()).isZero();
        assertThat(TopicKind.STATE.retained()).isTrue();
        assertThat(TopicKind.REPORT.retained()).isFalse();
    }

    @Test
    void aWildcardInADeviceIdIsRefusedWithItsName() {
        assertThatThrownBy(() -> new DeviceTopics("farm", "barn/+"))
                .hasMessageContaining("device").hasMessageContaining("barn/+");
    }

    @Test
    void ackRoundTripsAndBadAcksNameTheTopic() {
        assertThat(Ack.decode("t", new Ack(42).encode())).isEqualTo(new Ack(42));
        assertThat(new String(new Ack(7).encode(), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":7}");
        assertThatThrownBy(() -> Ack.decode("edgetally/v1/s/d/ack", "{\"seq\":1.5}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MqttPayloadException.class).hasMessageContaining("edgetally/v1/s/d/ack")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Ack.decode("a", "{\"seq\":-1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> Ack.decode("a", "ok".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MqttPayloadException.class);
    }

    @Test
    void stateIsABareWord() {
        assertThat(DeviceState.decode("s", DeviceState.OFFLINE.payload())).isEqualTo(DeviceState.OFFLINE);
        assertThatThrownBy(() -> DeviceState.decode("edgetally/v1/s/d/state", "maybe".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("online").hasMessageContaining("maybe");
    }
}
