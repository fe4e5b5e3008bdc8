package io.edgetally.protocol.report;

import java.util.Arrays;
import java.util.Optional;

/** What kind of site wrote a report; the wire names are part of the contract. */
public enum ReportKind {
    CURING_BARN("curing-barn"),
    SWAP_STATION("swap-station");

    private final String wireName;

    ReportKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReportKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
