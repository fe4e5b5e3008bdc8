package io.edgetally.sim.broker;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** Debian's mosquitto clients connect with an empty client id and a clean session, as MQTT 3.1.1 allows. */
    @Test
    void mosquittoClientsWithTheirDefaultEmptyClientIdPublishAndSubscribe() throws Exception {
        assumeTrue(installed("mosquitto_sub") && installed("mosquitto_pub"), "mosquitto-clients is not installed");
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0)) {
            String port = String.valueOf(broker.port());
            // retained, so the subscriber below gets it whenever it subscribes
            Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t",
                    "edgetally/v1/s/d/state", "-m", "hello from mosquitto_pub", "-q", "1", "-r", "-d")
                    .redirectErrorStream(true).start();
            String published = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pub.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(published).isZero();
            assertThat(published).as("sent with an empty client id").contains("Client (null) sending CONNECT")
                    .contains("received CONNACK (0)");

            // -C 1: exit after one message; -W: give up (exit code 27) rather than hang if nothing comes
            Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "edgetally/v1/#",
                    "-C", "1", "-W", "20", "-d").redirectErrorStream(true).start();
            String received = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sub.waitFor(25, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.exitValue()).as(received).isZero();
            assertThat(received).contains("Client (null) sending CONNECT", "hello from mosquitto_pub");
        }
    }

    private static boolean installed(String command) {
        try {
            Process p = new ProcessBuilder(command, "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
