package io.edgetally.protocol.coap;

import io.edgetally.protocol.SiteKind;
import java.util.List;

/**
 * The CoAP resource tree of a device: paths, the RFC 6690 {@code rt} and {@code if} values a client discovers in
 * {@code /.well-known/core}, and the content formats. Changing any of these changes the product contract.
 */
public final class CoapResources {

    public static final int DEFAULT_PORT = 5683;
    public static final int DEFAULT_SECURE_PORT = 5684;

    /** application/json (RFC 7252 section 12.3), the only representation served. */
    public static final int CONTENT_FORMAT_JSON = 50;

    public static final String WELL_KNOWN_CORE = "/.well-known/core";
    public static final String STATUS = "/status";
    public static final String TALLY = "/tally";
    public static final String ALARMS = "/alarms";
    public static final String METERS = "/meters";
    public static final String BARN = "/barn";
    public static final String STATION = "/station";

    /** Interface description of a read-only resource (CoRE interfaces: sensor). */
    public static final String IF_SENSOR = "core.s";
    /** Interface description of an operator action (CoRE interfaces: actuator). */
    public static final String IF_ACTUATOR = "core.a";

    /** A readable resource as it appears in {@code /.well-known/core}. */
    public record Readable(String path, String resourceType, boolean observable) {
        public String name() {
            return path.substring(1);
        }
    }

    public static final Readable STATUS_RESOURCE = new Readable(STATUS, "edgetally.status", true);
    public static final Readable TALLY_RESOURCE = new Readable(TALLY, "edgetally.tally", false);
    public static final Readable ALARMS_RESOURCE = new Readable(ALARMS, "edgetally.alarms", true);
    public static final Readable METERS_RESOURCE = new Readable(METERS, "edgetally.meters", false);
    public static final Readable BARN_RESOURCE = new Readable(BARN, "edgetally.barn", true);
    public static final Readable STATION_RESOURCE = new Readable(STATION, "edgetally.station", true);

    private CoapResources() {}

    /** Every readable resource a site of this kind serves, in the order {@code /.well-known/core} lists them. */
    public static List<Readable> readables(SiteKind kind) {
        Readable site = switch (kind) {
            case CURING_BARN -> BARN_RESOURCE;
            case SWAP_STATION -> STATION_RESOURCE;
        };
        return List.of(STATUS_RESOURCE, site, TALLY_RESOURCE, ALARMS_RESOURCE, METERS_RESOURCE);
    }

    /** The resource type of an operator action, e.g. {@code edgetally.action.barn.step.extend}. */
    public static String actionResourceType(OperatorRequest.Kind action) {
        return "edgetally.action." + action.id();
    }
}
