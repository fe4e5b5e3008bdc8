package io.edgetally.registry.store;

import io.edgetally.protocol.mqtt.StateMessage;
import io.edgetally.protocol.report.TallyReport;
import java.util.Optional;
import java.util.OptionalLong;

/** One MQTT message, verified, ready to be filed in a batch. */
public sealed interface Incoming {

    /** A report that passed every check of its own (signature, enrolment, numbers); the chain is checked on filing. */
    record Report(String topic, byte[] payload, TallyReport report) implements Incoming {
        public String site() {
            return report.body().site();
        }

        public String device() {
            return report.device();
        }
    }

    /** Refused before filing: kept with its bytes and reason, never acknowledged. */
    record Rejected(String topic, Optional<String> site, Optional<String> device, OptionalLong seq, byte[] payload,
                    String kind, String reason) implements Incoming {}

    /** A state message of an enrolled device (a signed birth has been verified with its key). */
    record State(String site, String device, StateMessage message) implements Incoming {}

    /** An alarm message of a device. */
    record Alarm(String site, String device, String code, String event, String at, String payload)
            implements Incoming {}
}
