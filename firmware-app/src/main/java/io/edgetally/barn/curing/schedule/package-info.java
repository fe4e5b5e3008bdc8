/**
 * Curing schedules (below the controller): a schedule is a YAML file a technician edits
 * ({@code schedules/middle-leaf.yaml} and its siblings are built in), read and checked by
 * {@link io.edgetally.barn.curing.schedule.ScheduleLoader} through the config's YAML walker, every error naming the
 * file, line, step and key. The rules it enforces (stages in order, the 50 °C rule, the wet-bulb maximum) are in
 * {@code docs/curing.md}.
 */
package io.edgetally.barn.curing.schedule;
