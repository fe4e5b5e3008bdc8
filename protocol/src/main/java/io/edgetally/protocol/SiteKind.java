package io.edgetally.protocol;

import io.edgetally.protocol.coap.CoapResources;
import java.util.Arrays;
import java.util.Optional;

/**
 * The two kinds of site: what {@code kind:} in edgetally.yaml says, what a report and {@code /status} carry (the wire
 * names are part of the contract), and which CoAP resource shows the site's live state.
 */
public enum SiteKind {
    CURING_BARN("curing-barn", CoapResources.BARN),
    SWAP_STATION("swap-station", CoapResources.STATION);

    private final String wireName;
    private final String resourcePath;

    SiteKind(String wireName, String resourcePath) {
        this.wireName = wireName;
        this.resourcePath = resourcePath;
    }

    /** {@code curing-barn} or {@code swap-station}, as in reports and {@code /status}. */
    public String wireName() {
        return wireName;
    }

    /** {@code /barn} or {@code /station}. */
    public String resourcePath() {
        return resourcePath;
    }

    public static Optional<SiteKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    public static SiteKind fromWireName(String name) {
        return Arrays.stream(values())
                .filter(k -> k.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown site kind '" + name + "', expected curing-barn or swap-station"));
    }
}
