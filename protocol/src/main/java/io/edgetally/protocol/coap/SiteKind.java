package io.edgetally.protocol.coap;

import java.util.Arrays;

/**
 * The two kinds of site, with the name a report and {@code /status} carry and the CoAP resource that shows the
 * site's live state.
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

    public static SiteKind fromWireName(String name) {
        return Arrays.stream(values())
                .filter(k -> k.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown site kind '" + name + "', expected curing-barn or swap-station"));
    }
}
