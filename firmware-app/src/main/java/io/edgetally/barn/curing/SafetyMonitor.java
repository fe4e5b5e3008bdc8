package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.OwnAlarms;
import io.edgetally.io.TemperatureReading;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Watches the process image for the faults a barn lives with (docs/curing.md: probes, wicks, fans, over-temperature,
 * the hardware cut-out). Every fault raises a CRITICAL alarm in the cycle it is seen and inhibits heat while it
 * lasts; an alarm clears only after its condition has been gone for a few cycles (and, for temperatures, a
 * margin inside the limit), so a value hovering at a limit does not chatter.
 */
final class SafetyMonitor {

    static final String DRY_FAULT = "barn.dry-bulb.fault";
    static final String WET_FAULT = "barn.wet-bulb.fault";
    static final String DRY_STUCK = "barn.dry-bulb.stuck";
    static final String WET_STUCK = "barn.wet-bulb.stuck";
    static final String WET_ABOVE_DRY = "barn.wet-above-dry";
    static final String DRY_WICK = "barn.wet-bulb.dry-wick";
    static final String NO_AIRFLOW = "barn.fan.no-airflow";
    static final String OVER_TEMPERATURE = "barn.over-temperature";
    static final String CUTOUT = "barn.cutout-tripped";

    /** The schedule wants a depression when its targets differ by at least this much. */
    private static final double WANTED_DEPRESSION_CELSIUS = 1.0;

    /**
     * What the monitor needs from the controller.
     *
     * @param fanCommanded          the fan is commanded to run this cycle
     * @param heaterWasOn           stages were on in the previous cycle
     * @param targetDryCelsius      the step's dry-bulb target and ramped setpoint, whichever is higher; empty
     *                              in a step with no target
     * @param wantedDepressionCelsius the depression the current setpoints ask for; empty with no target
     */
    record Context(boolean fanCommanded, boolean heaterWasOn, OptionalDouble targetDryCelsius,
            OptionalDouble wantedDepressionCelsius) {}

    private final CuringTuning.Safety limits;
    private final OwnAlarms<CuringEvent> alarms;
    private final Map<String, Integer> goodCycles = new HashMap<>();
    private final ProbeWatch dryWatch = new ProbeWatch();
    private final ProbeWatch wetWatch = new ProbeWatch();
    private int airflowMissingCycles;
    private Instant fanOnSince;
    private Instant wickSince;

    SafetyMonitor(CuringTuning.Safety limits, OwnAlarms<CuringEvent> alarms) {
        this.limits = limits;
        this.alarms = alarms;
    }

    /** Checks one cycle; returns why heat must be off now (empty: heat allowed). */
    List<String> check(BarnInputs in, double dtSeconds, Context ctx, List<CuringEvent> events) {
        Instant at = in.at();
        List<String> inhibit = new ArrayList<>();
        probe(in.dryBulb(), "Dry-bulb", DRY_FAULT, DRY_STUCK, dryWatch, dtSeconds, ctx, at, events);
        probe(in.wetBulb(), "Wet-bulb", WET_FAULT, WET_STUCK, wetWatch, dtSeconds, ctx, at, events);

        if (in.dryBulb() instanceof TemperatureReading.Valid(double dry)
                && in.wetBulb() instanceof TemperatureReading.Valid(double wet)) {
            double margin = limits.wetAboveDryMarginCelsius();
            update(WET_ABOVE_DRY, wet > dry + margin, wet <= dry + margin - limits.hysteresisCelsius(),
                    String.format(Locale.ROOT, "Wet bulb %.1f °C reads above dry bulb %.1f °C: probes swapped or "
                            + "the wet-bulb probe faulty. Heating stopped, cure holding; check both probes.",
                            wet, dry), at, events);
            boolean wanted = ctx.wantedDepressionCelsius().orElse(0) >= WANTED_DEPRESSION_CELSIUS;
            boolean tooClose = dry - wet < limits.dryWickDepressionCelsius();
            wickSince = wanted && tooClose ? (wickSince == null ? at : wickSince) : null;
            boolean wick = wickSince != null
                    && Duration.between(wickSince, at).compareTo(limits.dryWickAfter()) >= 0;
            update(DRY_WICK, wick, dry - wet >= limits.dryWickDepressionCelsius() + limits.hysteresisCelsius(),
                    String.format(Locale.ROOT, "Wet bulb %.1f °C has read within %.1f °C of the dry bulb for %d h "
                            + "although the schedule wants a depression: the wick is dry or its water cup empty. "
                            + "Heating stopped, cure holding; refill the cup and wet the wick.", wet,
                            limits.dryWickDepressionCelsius(), limits.dryWickAfter().toHours()), at, events);
        } else {
            wickSince = null;
        }

        airflowMissingCycles = ctx.fanCommanded() && !in.airflowProven() ? airflowMissingCycles + 1 : 0;
        fanOnSince = ctx.fanCommanded() ? (fanOnSince == null ? at : fanOnSince) : null;
        if (ctx.fanCommanded() && !in.airflowProven()) {
            inhibit.add("no airflow proven");
        }
        boolean starting = fanOnSince != null
                && Duration.between(fanOnSince, at).compareTo(limits.fanStartGrace()) < 0;
        update(NO_AIRFLOW, airflowMissingCycles >= 2 && !starting, in.airflowProven() || !ctx.fanCommanded(),
                "Circulation fan is commanded on but its airflow has not been proven for two cycles. Heating "
                        + "stopped (no heat without airflow), cure holding; check the fan motor, its breaker and "
                        + "the airflow switch.", at, events);

        if (in.dryBulb() instanceof TemperatureReading.Valid(double dry)) {
            double limit = ctx.targetDryCelsius().isPresent()
                    ? Math.min(limits.absoluteMaxDryBulbCelsius(),
                            ctx.targetDryCelsius().getAsDouble() + limits.overTemperatureMarginCelsius())
                    : limits.absoluteMaxDryBulbCelsius();
            update(OVER_TEMPERATURE, dry > limit, dry < limit - limits.hysteresisCelsius(),
                    String.format(Locale.ROOT, "Dry bulb %.1f °C is above the software limit %.1f °C. Heating "
                            + "stopped, cure holding; check for a welded heater contactor (the hardware cut-out "
                            + "is the last line) and the damper.", dry, limit), at, events);
        }
        update(CUTOUT, in.cutoutTripped(), !in.cutoutTripped(),
                "The hardware over-temperature cut-out has tripped and opened the heater circuit. Heating "
                        + "stopped, cure holding; find the cause, then reset the cut-out by hand.", at, events);

        for (Alarm a : alarms.active()) {
            if (a.severity() == Alarm.Severity.CRITICAL) {
                inhibit.add(a.message());
            }
        }
        return inhibit;
    }

    /** Every timer and counter the watch carries to the next cycle (see {@link ControlMemory}). */
    JsonObject memory() {
        JsonObjectBuilder good = JsonObject.builder();
        goodCycles.forEach((code, n) -> good.put(code, (long) n));
        return JsonObject.builder().put("goodCycles", good.build()).put("dryProbe", dryWatch.memory())
                .put("wetProbe", wetWatch.memory()).put("airflowMissingCycles", airflowMissingCycles)
                .put("fanOnSince", ControlMemory.time(fanOnSince)).put("wickSince", ControlMemory.time(wickSince))
                .build();
    }

    /** Takes up {@link #memory()} saved before a restart: no grace starts again, no timer from zero. */
    void restore(JsonObject m) {
        goodCycles.clear();
        m.object("goodCycles").members().forEach((code, n) ->
                goodCycles.put(code, ((JsonValue.JsonNumber) n).value().intValueExact()));
        dryWatch.restore(m.object("dryProbe"));
        wetWatch.restore(m.object("wetProbe"));
        airflowMissingCycles = (int) m.longValue("airflowMissingCycles");
        fanOnSince = ControlMemory.time(m, "fanOnSince");
        wickSince = ControlMemory.time(m, "wickSince");
    }

    private void probe(TemperatureReading reading, String name, String faultCode, String stuckCode,
            ProbeWatch watch, double dtSeconds, Context ctx, Instant at, List<CuringEvent> events) {
        switch (reading) {
            case TemperatureReading.Invalid(var fault, var detail) -> {
                watch.reset();
                update(faultCode, true, false, name + " probe fault (" + fault + ": " + detail + "). Heating "
                        + "stopped, cure holding; check the probe, its cable and connector.", at, events);
                update(stuckCode, false, true, "", at, events);
            }
            case TemperatureReading.Valid(double celsius) -> {
                update(faultCode, false, true, "", at, events);
                watch.observe(celsius, at, ctx.heaterWasOn() ? dtSeconds : 0.0);
                Duration unchanged = watch.unchangedFor(at);
                boolean stuck = unchanged.compareTo(limits.stuckAfter()) >= 0
                        && watch.heaterOnSeconds >= limits.stuckMinHeaterDuty() * limits.stuckAfter().toSeconds();
                update(stuckCode, stuck, !stuck, String.format(Locale.ROOT, "%s probe has read %.2f °C unchanged "
                        + "for %d min while heating: stuck probe or converter. Heating stopped, cure holding; "
                        + "check the probe.", name, celsius, unchanged.toMinutes()), at, events);
            }
        }
    }

    /** Raises on {@code faulty}; clears after {@code clearAfterCycles} cycles in a row of {@code clearOk}. */
    private void update(String code, boolean faulty, boolean clearOk, String message, Instant at,
            List<CuringEvent> events) {
        if (faulty) {
            goodCycles.put(code, 0);
            alarms.raise(code, Alarm.Severity.CRITICAL, message, at, events);
        } else if (alarms.isActive(code)) {
            int good = clearOk ? goodCycles.getOrDefault(code, 0) + 1 : 0;
            goodCycles.put(code, good);
            if (good >= limits.clearAfterCycles()) {
                alarms.clear(code, at, events);
            }
        }
    }

    /** When a probe last changed by more than 0.01 °C, and how long the heater was on since. */
    private static final class ProbeWatch {
        private double reference = Double.NaN;
        private Instant since;
        private double heaterOnSeconds;

        void observe(double celsius, Instant at, double heaterSeconds) {
            if (Double.isNaN(reference) || Math.abs(celsius - reference) > 0.01) {
                reference = celsius;
                since = at;
                heaterOnSeconds = 0;
            } else {
                heaterOnSeconds += heaterSeconds;
            }
        }

        Duration unchangedFor(Instant at) {
            return since == null ? Duration.ZERO : Duration.between(since, at);
        }

        JsonObject memory() {
            return ControlMemory.putMaybe(JsonObject.builder(), "reference", reference)
                    .put("since", ControlMemory.time(since)).put("heaterOnSeconds", heaterOnSeconds).build();
        }

        void restore(JsonObject m) {
            reference = ControlMemory.maybe(m, "reference");
            since = ControlMemory.time(m, "since");
            heaterOnSeconds = m.doubleValue("heaterOnSeconds");
        }

        void reset() {
            reference = Double.NaN;
            since = null;
            heaterOnSeconds = 0;
        }
    }
}
