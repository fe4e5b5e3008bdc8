/**
 * Alarms (the bottom layer): an {@link io.edgetally.alarm.Alarm} as the operator and the registry see it, a change
 * ({@link io.edgetally.alarm.AlarmEvent}), a site's one {@link io.edgetally.alarm.AlarmBook} (the controller, the
 * site and the field links raise and clear there; each cycle drains the changes to the {@link
 * io.edgetally.alarm.AlarmSink}, the one way to the registry) and the operators' {@link
 * io.edgetally.alarm.Acknowledgements}.
 */
package io.edgetally.alarm;
