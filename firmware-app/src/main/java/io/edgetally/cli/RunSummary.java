package io.edgetally.cli;

import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code edgetally run}'s one-line summary of its config, for the journal: what it will talk to, and where. */
final class RunSummary {

    private RunSummary() {}

    static String of(SiteConfig config) {
        SiteConfig.Common c = config.common();
        IoConfig io = c.io();
        List<String> parts = new ArrayList<>();
        parts.add("cycle " + c.cycle().toSeconds() + " s");
        parts.add("data " + c.dataDir());
        parts.add("ledger " + c.ledger().methodology() + c.ledger().sensitivity().map(s -> " (sensitivity " + s + ")")
                .orElse("") + ", grid " + c.ledger().grid() + ", a record every " + c.ledger().interval().toMinutes()
                + " min");
        for (IoConfig.MeterConfig m : io.meters()) {
            parts.add("meter " + m.model() + (io.meters().size() > 1 ? " '" + m.name() + "'" : "") + " at "
                    + link(m.link())
                    + (m.link() instanceof IoConfig.MeterLink.S0 ? "" : " unit " + m.unitId()));
        }
        io.relayBoard().ifPresent(b -> parts.add("relay board at " + link(b.link()) + " unit " + b.unitId() + " ("
                + b.relayCoils().size() + " relays, " + b.inputs().size() + " inputs)"));
        if (!io.gpio().relays().isEmpty() || !io.gpio().inputs().isEmpty()) {
            parts.add("GPIO " + io.gpio().provider() + " (" + io.gpio().relays().size() + " relays, "
                    + io.gpio().inputs().size() + " inputs)");
        }
        if (!io.oneWire().probes().isEmpty()) {
            parts.add("1-Wire probes " + String.join(", ", io.oneWire().probes().keySet()) + " in "
                    + io.oneWire().basePath());
        }
        if (!io.modbusProbes().isEmpty()) {
            parts.add("Modbus probes " + io.modbusProbes().values().stream().map(p -> p.name() + " at "
                    + link(p.link()) + " unit " + p.unitId() + " register " + p.register())
                    .collect(Collectors.joining(", ")));
        }
        if (config instanceof SiteConfig.Station st) {
            parts.add(st.station().slots() + " slots");
            st.station().plc().ifPresent(plc -> parts.add("PLC at " + link(plc.link()) + " unit " + plc.unitId()));
            st.station().eta().ifPresent(eta -> parts.add("ETA feed " + eta.topic()
                    + eta.broker().map(b -> " at " + b).orElse(" at the uplink's broker")));
        }
        parts.add(c.uplink().map(u -> "uplink " + u.broker() + (u.certFile().isPresent() ? " (TLS client certificate)"
                : "")).orElse("no uplink (the ledger is kept on the device)"));
        parts.add("CoAP udp " + c.coap().bind() + ":" + c.coap().port()
                + (c.coap().pskIdentity().isPresent() ? ", DTLS " + c.coap().dtlsPort() : ", no DTLS (read only)"));
        return String.join("; ", parts);
    }

    private static String link(IoConfig.MeterLink link) {
        return switch (link) {
            case IoConfig.MeterLink.Tcp t -> "tcp://" + t.host() + ":" + t.port();
            case IoConfig.MeterLink.Rtu r -> r.port() + " (" + r.baud() + " baud, parity " + r.parity() + ")";
            case IoConfig.MeterLink.S0 s -> "S0 pulses on GPIO " + s.bcm();
        };
    }
}
