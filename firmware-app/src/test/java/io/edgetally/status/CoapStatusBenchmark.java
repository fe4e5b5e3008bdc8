package io.edgetally.status;

import io.edgetally.protocol.coap.CoapResources;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;

/**
 * GET {@code /status} throughput on loopback, with a controller thread rewriting the snapshots at 100 Hz (far
 * busier than a real 10–30 s control cycle) and one observer following {@code /status}. Several client endpoints
 * (one UDP socket each) keep a window of confirmable requests outstanding, each with its own token.
 *
 * <p>Run: {@code mvn -B -q -o -pl firmware-app -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test} then
 * {@code java -cp firmware-app/target/test-classes:firmware-app/target/classes:$(cat firmware-app/target/cp.txt)
 * io.edgetally.status.CoapStatusBenchmark [requests] [clients] [window]} (defaults 100000, 4, 32): a fixed amount
 * of work, timed, after 20,000 warm-up requests.
 */
public final class CoapStatusBenchmark {

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;

        FakeStatusSource barn = FakeStatusSource.barn();
        StatusEndpoint endpoint = StatusEndpoint.start(StatusEndpointConfig.ephemeral(
                InetAddress.getLoopbackAddress(), List.of(), Duration.ofSeconds(1)), barn,
                new RecordingOperatorActions(), Clock.systemUTC());
        URI base = endpoint.coapUri();

        AtomicLong cycles = new AtomicLong();
        ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
        JsonObject initialStatus = barn.status();
        controller.scheduleAtFixedRate(() -> controllerCycle(barn, initialStatus, cycles), 0, 10,
                TimeUnit.MILLISECONDS);

        CoapEndpoint observerEndpoint = CoapTestClients.plainEndpoint();
        AtomicLong notifications = new AtomicLong();
        CoapObserveRelation observation = CoapTestClients.client(observerEndpoint, base, CoapResources.STATUS)
                .observe(new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse response) {
                        notifications.incrementAndGet();
                    }

                    @Override
                    public void onError() {}
                });

        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean sending = new AtomicBoolean(true);
        Semaphore served = new Semaphore(0); // one permit per answered request: the main thread waits for work done
        List<CoapEndpoint> endpoints = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            CoapEndpoint e = CoapTestClients.plainEndpoint();
            endpoints.add(e);
            CoapClient client = CoapTestClients.client(e, base, CoapResources.STATUS);
            for (int w = 0; w < window; w++) {
                sendNext(client, sending, ok, failed, served);
            }
        }

        served.acquire(20_000); // warm-up
        long okBefore = ok.get();
        long notificationsBefore = notifications.get();
        long cyclesBefore = cycles.get();
        long start = System.nanoTime();
        served.acquire(requests);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long answered = ok.get() - okBefore;
        sending.set(false);

        System.out.printf("GET /status on loopback: %d responses in %.1f s = %.0f requests/s "
                        + "(%d client endpoints x %d outstanding, %d failed)%n",
                answered, elapsed, answered / elapsed, clients, window, failed.get());
        System.out.printf("alongside: controller cycles %.0f/s, observer notifications %.1f/s, %d cores%n",
                (cycles.get() - cyclesBefore) / elapsed, (notifications.get() - notificationsBefore) / elapsed,
                Runtime.getRuntime().availableProcessors());

        controller.shutdownNow();
        observation.proactiveCancel();
        endpoints.forEach(CoapEndpoint::destroy);
        observerEndpoint.destroy();
        endpoint.close();
    }

    private static void sendNext(CoapClient client, AtomicBoolean sending, AtomicLong ok, AtomicLong failed,
                                 Semaphore served) {
        if (!sending.get()) {
            return;
        }
        client.advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                if (response.getCode() == ResponseCode.CONTENT) {
                    ok.incrementAndGet();
                    served.release();
                } else {
                    failed.incrementAndGet();
                }
                sendNext(client, sending, ok, failed, served);
            }

            @Override
            public void onError() {
                failed.incrementAndGet();
                sendNext(client, sending, ok, failed, served);
            }
        }, Request.newGet());
    }

    /** One cycle of a control loop run at 100 Hz: a new process image, published as fresh snapshots. */
    private static void controllerCycle(FakeStatusSource barn, JsonObject status, AtomicLong cycles) {
        long n = cycles.incrementAndGet();
        Map<String, JsonValue> members = new LinkedHashMap<>(status.members());
        members.put("uptimeSeconds", JsonValue.of(273_125 + n / 100));
        barn.set(StatusTopic.STATUS, new JsonObject(members));
        Map<String, JsonValue> site = new LinkedHashMap<>(barn.site().members());
        site.put("actuals", JsonObject.builder()
                .put("dryBulbCelsius", 37.0 + (n % 20) / 10.0)
                .put("wetBulbCelsius", 35.0 + (n % 7) / 10.0).build());
        barn.set(StatusTopic.SITE, new JsonObject(site));
    }
}
