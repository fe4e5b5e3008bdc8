package io.edgetally.sim.standalone;

import io.edgetally.status.CoapConfigurations;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * The barn's operator, as a technician is one: reads {@code /barn} over plain CoAP and, whenever a step awaits
 * confirmation, confirms it with {@code POST /barn/step/confirm} over DTLS with its pre-shared key. It looks about
 * every {@value #LOOK_EVERY_MILLIS} ms of wall time, so in lockstep the confirmation lands some cycles after the step
 * began to wait: when exactly depends on the machine, not on the barn (see the test's notes).
 */
final class TestOperator implements AutoCloseable {

    static final String IDENTITY = "op-test";
    private static final long LOOK_EVERY_MILLIS = 20;
    private static final Pattern STEP_INDEX = Pattern.compile("\"step\":\\{\"index\":(\\d+)");

    private final CoapEndpoint plain;
    private final String secret;
    private final CoapClient barn;
    private final String confirmUri;
    private final Thread thread;
    private final AtomicInteger confirmed = new AtomicInteger();
    private volatile boolean running = true;

    TestOperator(int coapPort, int dtlsPort, String secret) {
        plain = new CoapEndpoint.Builder().setConfiguration(CoapConfigurations.client())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        this.secret = secret;
        barn = client(plain, "coap://127.0.0.1:" + coapPort + "/barn");
        confirmUri = "coaps://127.0.0.1:" + dtlsPort + "/barn/step/confirm";
        thread = new Thread(this::look, "test-operator");
        thread.setDaemon(true);
        thread.start();
    }

    private static CoapClient client(CoapEndpoint endpoint, String uri) {
        CoapClient c = new CoapClient(uri);
        c.setEndpoint(endpoint);
        c.setTimeout(2_000L);
        return c;
    }

    /** How many confirmations the device accepted. */
    int confirmed() {
        return confirmed.get();
    }

    private void look() {
        String confirmedStep = "";
        long confirmedAt = 0;
        while (running) {
            try {
                CoapResponse r = barn.get();
                String text = r == null || !r.isSuccess() ? "" : r.getResponseText();
                Matcher step = STEP_INDEX.matcher(text);
                String index = step.find() ? step.group(1) : "";
                // once per step: the confirmation is carried out by the next cycle, which /barn shows only then
                // again if the step still waits a second later: run was killed before it carried the request out
                if (text.contains("\"awaitingConfirmation\":true") && (!index.equals(confirmedStep)
                        || System.nanoTime() - confirmedAt > 1_000_000_000L)) {
                    if (confirm()) {
                        confirmed.incrementAndGet();
                        confirmedStep = index;
                        confirmedAt = System.nanoTime();
                    }
                }
            } catch (Exception e) {
                // run is down or restarting: look again, as a technician would
            }
            LockSupport.parkNanos(LOOK_EVERY_MILLIS * 1_000_000);
        }
    }

    /**
     * One confirmation over a DTLS session of its own: a session from before a restart of run is one the restarted
     * service does not know, and Californium's client would keep sending in it.
     */
    private boolean confirm() {
        Configuration config = CoapConfigurations.client();
        CoapEndpoint dtls = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                new DtlsConnectorConfig.Builder(config).setAddress(new InetSocketAddress("127.0.0.1", 0))
                        .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY,
                                secret.getBytes(StandardCharsets.UTF_8))).build())).build();
        CoapClient confirm = client(dtls, confirmUri);
        try {
            CoapResponse c = confirm.post("{}", MediaTypeRegistry.APPLICATION_JSON);
            return c != null && c.getCode() == CoAP.ResponseCode.CHANGED;
        } catch (Exception e) {
            return false; // run went down meanwhile: asked again at the next look
        } finally {
            confirm.shutdown();
            dtls.destroy();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        barn.shutdown();
        plain.destroy();
    }
}
