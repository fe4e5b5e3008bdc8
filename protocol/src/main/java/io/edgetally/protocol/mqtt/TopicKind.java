package io.edgetally.protocol.mqtt;

/**
 * The five topics under {@code edgetally/v1/{site}/{device}/}, each with the QoS and retain flag the contract
 * fixes (docs/report-schema.md, "MQTT topics").
 */
public enum TopicKind {
    /** device -> registry: one signed tally record; stays in the device outbox until acked. */
    REPORT("report", 1, false),
    /** registry -> device: the highest contiguous seq the registry has stored ({@link Ack}, {@link SignedAck}). */
    ACK("ack", 1, false),
    /**
     * device -> registry: the birth ({@code online}, or a signed {@link StateBirth}), {@code offline} as the Will;
     * retained so a late reader sees it.
     */
    STATE("state", 1, true),
    /** device -> registry: raised and cleared alarms. */
    ALARM("alarm", 1, false),
    /** device -> registry: live values that may be dropped. */
    TELEMETRY("telemetry", 0, false);

    private final String suffix;
    private final int qos;
    private final boolean retained;

    TopicKind(String suffix, int qos, boolean retained) {
        this.suffix = suffix;
        this.qos = qos;
        this.retained = retained;
    }

    /** The last topic level, e.g. {@code report}. */
    public String suffix() {
        return suffix;
    }

    public int qos() {
        return qos;
    }

    public boolean retained() {
        return retained;
    }

    /** The kind whose last topic level is {@code suffix}, if any. */
    public static java.util.Optional<TopicKind> ofSuffix(String suffix) {
        for (TopicKind k : values()) {
            if (k.suffix.equals(suffix)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
