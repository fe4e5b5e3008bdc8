package io.edgetally.status;

/** What changed in the controller's live state; each topic is served by one CoAP resource. */
public enum StatusTopic {
    /** {@code /status}: device health, mode, uplink, backlog, alarm count, clock sync */
    STATUS,
    /** {@code /barn} or {@code /station}: the site's live process state */
    SITE,
    /** {@code /tally}: displaced fuel and avoided emissions */
    TALLY,
    /** {@code /alarms}: the active alarms */
    ALARMS,
    /** {@code /meters}: the energy meters' last readings */
    METERS
}
