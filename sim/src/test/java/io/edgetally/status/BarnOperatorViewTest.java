package io.edgetally.status;

import io.edgetally.barn.curing.CurePhase;
import io.edgetally.cli.Main;
import io.edgetally.config.BarnConfig;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.sim.site.SimulatedBarn;
import io.edgetally.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's view of a real (simulated) barn over real CoAP: the cure's state as the controller has it, the
 * tally from the ledger, alarms, and an operator confirming a step over DTLS, recorded with who did it.
 */
class BarnOperatorViewTest {

    private static final String OPERATOR = "op-zhang";
    private static final String SECRET = "zhang-secret-0123456789";

    @TempDir
    Path dir;

    private final List<CoapEndpoint> clients = new ArrayList<>();
    private SimulatedBarn sim;
    private StatusEndpoint endpoint;

    @AfterEach
    void close() throws Exception {
        clients.forEach(CoapEndpoint::destroy);
        sim.close();
    }

    private JsonObject get(String path) throws Exception {
        CoapEndpoint e = CoapTestClients.plainEndpoint();
        clients.add(e);
        CoapResponse r = CoapTestClients.client(e, endpoint.coapUri(), path).get();
        assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
        return Json.parseObject(r.getResponseText());
    }

    @Test
    void anOperatorReadsTheCureAndConfirmsAStepOverDtls() throws Exception {
        sim = new SimulatedBarn(new SimulatedBarn.Options(dir, BarnConfig.Heating.RESISTIVE, "middle-leaf",
                Duration.ofSeconds(15), 1, false, false, Database.Durability.NORMAL));
        // the barn's service as 'edgetally run' builds it, with an operator key for DTLS and an unsynchronised clock
        sim.start(new SimulatedBarn.Boot(Optional.empty(), false, Optional.of(OperatorKey.ofText(OPERATOR, SECRET))));
        sim.operatorConfirms(false);
        endpoint = sim.service().coap();

        sim.step();
        while (sim.site().state().orElseThrow().phase() != CurePhase.AWAITING_CONFIRMATION) {
            sim.step();
        }
        JsonObject barn = get("/barn");
        assertThat(barn.string("stage")).isEqualTo("yellowing");
        assertThat(barn.object("step").string("name")).isEqualTo("warm-up");
        assertThat(barn.object("step").bool("awaitingConfirmation")).isTrue();
        assertThat(barn.object("targets").decimal("dryBulbCelsius").doubleValue()).isEqualTo(35.0);
        assertThat(barn.object("actuals").decimal("dryBulbCelsius").doubleValue()).isBetween(34.0, 36.0);
        JsonObject s = get("/status");
        assertThat(s.string("kind")).isEqualTo("curing-barn");
        assertThat(s.string("mode")).isEqualTo("hold");
        assertThat(s.bool("clockSynced")).isFalse();
        JsonObject tally = get("/tally");
        assertThat(tally.object("periods").object("batch").decimal("energyKwh").doubleValue())
                .as("the batch's metered energy, booked by the ledger").isGreaterThan(50);
        assertThat(tally.longValue("lastSeq")).isGreaterThan(10);
        JsonObject meter = (JsonObject) get("/meters").array("meters").items().get(0);
        assertThat(meter.string("id")).isEqualTo("main");
        assertThat(meter.string("model")).as("maker and model, as docs/coap.md shows").isEqualTo("Eastron SDM630");
        assertThat(meter.string("meterId")).as("what the tally books under").isEqualTo("SDM630:24071501");
        assertThat(meter.string("state")).isEqualTo("ok");

        // plain CoAP cannot act
        CoapEndpoint plain = CoapTestClients.plainEndpoint();
        clients.add(plain);
        CoapResponse refused = CoapTestClients.client(plain, endpoint.coapUri(), "/barn/step/confirm")
                .post("{}", MediaTypeRegistry.APPLICATION_JSON);
        assertThat(refused.getCode()).isEqualTo(CoAP.ResponseCode.UNAUTHORIZED);

        CoapEndpoint dtls = CoapTestClients.dtlsEndpoint(OPERATOR, SECRET);
        clients.add(dtls);
        CoapResponse done = CoapTestClients.client(dtls, endpoint.coapsUri().orElseThrow(), "/barn/step/confirm")
                .post("{}", MediaTypeRegistry.APPLICATION_JSON);
        assertThat(done.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        sim.step();
        assertThat(sim.site().state().orElseThrow().stepIndex()).as("the next step started").isEqualTo(2);
        try (Statement st = sim.database().connection().createStatement();
             ResultSet r = st.executeQuery("SELECT actor FROM events WHERE kind = 'operator-confirm'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).as("recorded with who confirmed").isEqualTo(OPERATOR);
        }

        // a fan failure reaches /alarms, critical first, and the terminal view shows it before anything else
        sim.barn().inject(BarnFault.FAN_STOP);
        for (int i = 0; i < 4; i++) {
            sim.step();
        }
        JsonObject alarms = get("/alarms");
        assertThat(alarms.array("active").items()).isNotEmpty();
        assertThat(((JsonObject) alarms.array("active").items().get(0)).string("code")).isEqualTo("barn.fan.no-airflow");
        assertThat(get("/status").string("mode")).as("docs/coap.md: safe, the actuators held safe after a fault")
                .isEqualTo("safe");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.cli().run(new String[] {"status", endpoint.coapUri().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String view = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(view).isZero();
        assertThat(view.indexOf("barn.fan.no-airflow")).as("alarms first").isLessThan(view.indexOf("main yellowing"));
    }
}
