package io.edgetally.alarm;

import java.time.Instant;

/** A change in the set of active alarms. */
public sealed interface AlarmEvent {

    Instant at();

    record Raised(Alarm alarm, Instant at) implements AlarmEvent {}

    record Cleared(String code, Instant at) implements AlarmEvent {}

    record Acknowledged(String code, String by, Instant at) implements AlarmEvent {}
}
