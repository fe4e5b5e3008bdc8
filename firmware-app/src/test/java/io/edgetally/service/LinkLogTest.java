package io.edgetally.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.testkit.StderrCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The journal's account of a link: a line when it comes up or starts failing, none while it stays so. */
class LinkLogTest {

    @Test
    void eachChangeIsOneLineAndNothingWhileALinkStaysAsItWas() {
        AtomicReference<LinkLog.State> meter = new AtomicReference<>(new LinkLog.State.Unknown());
        LinkLog links = new LinkLog().add("meter SDM630 @ tcp://10.0.0.5:502 unit 1", meter::get)
                .add("probe dry-bulb", () -> {
                    throw new IllegalStateException("bus gone");
                });
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            links.check(); // not read yet: nothing about the meter
            for (LinkLog.State s : List.<LinkLog.State>of(new LinkLog.State.Up("reads 1.000 kWh"),
                    new LinkLog.State.Up("reads 1.100 kWh"), new LinkLog.State.Failing("no answer within 1000 ms"),
                    new LinkLog.State.Failing("not sent, unit failed 2 time(s) in a row"),
                    new LinkLog.State.Failing("no answer within 1000 ms"), new LinkLog.State.Up("reads 1.300 kWh"),
                    new LinkLog.State.Up("reads 1.400 kWh"))) {
                meter.set(s);
                links.check();
            }
            log = stderr.text();
        }
        assertThat(log.lines().filter(l -> l.contains("LinkLog")).toList()).containsExactly(
                "[WARN] LinkLog - probe dry-bulb failing: java.lang.IllegalStateException: bus gone",
                "[INFO] LinkLog - meter SDM630 @ tcp://10.0.0.5:502 unit 1 up: reads 1.000 kWh",
                "[WARN] LinkLog - meter SDM630 @ tcp://10.0.0.5:502 unit 1 failing: no answer within 1000 ms",
                "[INFO] LinkLog - meter SDM630 @ tcp://10.0.0.5:502 unit 1 up again: reads 1.300 kWh");
    }
}
