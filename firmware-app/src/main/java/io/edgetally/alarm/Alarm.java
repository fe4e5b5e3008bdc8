package io.edgetally.alarm;

import java.time.Instant;

/**
 * An alarm as the operator and the registry see it.
 *
 * @param code     stable machine id, e.g. {@code barn.dry-bulb.fault}; one active alarm per code
 * @param severity how urgent
 * @param message  what happened and what to check, in words an operator acts on
 * @param raisedAt when it was first raised (injected clock)
 */
public record Alarm(String code, Severity severity, String message, Instant raisedAt) {

    public enum Severity {
        /** needs attention this shift */
        WARNING,
        /** actuators were put in a safe state; needs attention now */
        CRITICAL
    }
}
