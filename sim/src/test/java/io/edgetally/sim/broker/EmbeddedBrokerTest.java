package io.edgetally.sim.broker;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedBrokerTest {

    @Test
    void qos1PublishesWithNobodySubscribedLeaveTheBrokerWorking() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0)) {
            MqttAsyncClient pub = new MqttAsyncClient(broker.plainUri(), "pub", new MemoryPersistence());
            pub.connect(new MqttConnectOptions()).waitForCompletion(5000);
            for (int i = 0; i < 20; i++) {
                pub.publish("edgetally/v1/s/d/report", ("r" + i).getBytes(), 1, false).waitForCompletion(5000);
                pub.publish("edgetally/v1/s/d/state", "online".getBytes(), 1, true).waitForCompletion(5000);
            }
            MqttAsyncClient sub = new MqttAsyncClient(broker.plainUri(), "sub", new MemoryPersistence());
            List<String> got = new CopyOnWriteArrayList<>();
            sub.connect(new MqttConnectOptions()).waitForCompletion(5000);
            sub.subscribe("edgetally/v1/+/+/report", 1, (t, m) -> got.add(new String(m.getPayload()))).waitForCompletion(5000);
            pub.publish("edgetally/v1/s/d/report", "after".getBytes(), 1, false).waitForCompletion(5000);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("after"));
            assertThat(got).containsExactly("after");
            pub.disconnect().waitForCompletion(5000);
            sub.disconnect().waitForCompletion(5000);
            pub.close();
            sub.close();
        }
    }
}
