package io.edgetally.systemd;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.edgetally.config.SiteConfig;
import io.edgetally.store.Database;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A stand-in for a barn site's steady state, to measure the resident memory of the JVM flags the package ships
 * until {@code edgetally run} exists: the shipped config parsed, the SQLite ledger written every cycle, a Modbus
 * TCP meter polled (80 registers), the CoAP endpoint serving a status document, an MQTT report published (QoS 1)
 * when a broker is given. Cycles run faster than a real site's 15 s so that a steady state comes in seconds.
 *
 * <p>Run it with the launcher's own flags: {@code deploy-scripts/measure-rss.sh}. Settings (system properties):
 * {@code footprint.cycles} (default 2000), {@code footprint.cycle-ms} (20), {@code footprint.coap-every} (50:
 * one status request a second, as a busy operator display; Californium keeps every exchange for its 247 s
 * lifetime, so a request every fast cycle would measure the benchmark, not a site), {@code footprint.config} (the
 * barn template), {@code footprint.mqtt} (e.g. tcp://127.0.0.1:1883; none by default). Prints VmRSS and VmHWM.
 */
public final class ServiceFootprintBenchmark {

    public static void main(String[] ignored) throws Exception {
        int cycles = Integer.getInteger("footprint.cycles", 2000);
        long cycleMs = Long.getLong("footprint.cycle-ms", 20);
        int coapEvery = Integer.getInteger("footprint.coap-every", 50);
        Path configFile = Path.of(System.getProperty("footprint.config", "deploy-scripts/examples/barn.yaml"));
        Optional<String> mqtt = Optional.ofNullable(System.getProperty("footprint.mqtt"));
        Path dir = Files.createTempDirectory("edgetally-footprint");

        SiteConfig config = SiteConfig.load(configFile);
        CoapConfig.register();
        UdpConfig.register();
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 80; i++) {
            image.addRegister(new SimpleRegister(i));
        }
        int modbusPort = freePort();
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(modbusPort, 2);
        slave.addProcessImage(1, image);
        slave.open();
        CoapServer coap = new CoapServer(0);
        coap.add(new CoapResource("status") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond("{\"site\":\"" + config.site() + "\",\"at\":\"" + Instant.now() + "\"}");
            }
        });
        coap.start();
        int coapPort = coap.getEndpoints().get(0).getAddress().getPort();
        CoapClient client = new CoapClient("coap://127.0.0.1:" + coapPort + "/status");
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", modbusPort);
        master.connect();
        Optional<MqttClient> uplink = mqtt.map(ServiceFootprintBenchmark::connect);

        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            // Cycles at a fixed rate on a scheduler, as the service's own cycle runner does; the main thread waits
            // for the last one (or the first failure).
            AtomicInteger cycle = new AtomicInteger();
            AtomicReference<String> status = new AtomicReference<>("{}");
            AtomicReference<Exception> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor();
            runner.scheduleAtFixedRate(() -> {
                int n = cycle.incrementAndGet();
                try {
                    int registers = master.readMultipleRegisters(1, 0, 80).length;
                    if (n % coapEvery == 1) {
                        status.set(client.get().getResponseText());
                    }
                    String record = "{\"seq\":" + n + ",\"registers\":" + registers + ",\"status\":" + status.get()
                            + "}";
                    db.inTransaction(c -> {
                        try (PreparedStatement s = c.prepareStatement(
                                "INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)")) {
                            s.setString(1, Instant.now().toString());
                            s.setString(2, "footprint");
                            s.setString(3, record);
                            return s.executeUpdate();
                        }
                    });
                    if (uplink.isPresent()) {
                        uplink.get().publish("edgetally/v1/" + config.site() + "/" + config.device() + "/report",
                                record.getBytes(), 1, false);
                    }
                    if (n % 500 == 0 || n == cycles) {
                        System.out.printf("cycle %d: %s%n", n, memory());
                    }
                } catch (Exception e) {
                    failure.set(e);
                    done.countDown();
                }
                if (n >= cycles) {
                    done.countDown();
                }
            }, 0, cycleMs, TimeUnit.MILLISECONDS);
            done.await();
            runner.shutdownNow();
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        System.out.println("footprint " + memory());
        master.disconnect();
        client.shutdown();
        coap.destroy();
        slave.close();
        if (uplink.isPresent()) {
            uplink.get().disconnect();
        }
        System.exit(0);
    }

    private static MqttClient connect(String url) {
        try {
            MqttClient c = new MqttClient(url, "footprint-" + ProcessHandle.current().pid(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            c.connect(o);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("MQTT broker " + url + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The kernel's view of this process's memory, and the heap in use. */
    private static String memory() throws Exception {
        Map<String, String> kb = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            for (String key : List.of("VmRSS", "VmHWM", "RssAnon", "RssFile")) {
                if (line.startsWith(key + ":")) {
                    kb.put(key, line.substring(key.length() + 1).strip());
                }
            }
        }
        Runtime r = Runtime.getRuntime();
        return kb + " heapUsed=" + (r.totalMemory() - r.freeMemory()) / (1024 * 1024) + " MB"
                + " threads=" + Thread.activeCount();
    }
}
