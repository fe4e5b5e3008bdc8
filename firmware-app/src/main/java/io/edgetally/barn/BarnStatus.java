package io.edgetally.barn;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.CuringEvent;
import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.status.ActionResult;
import io.edgetally.status.DeviceView;
import io.edgetally.status.Operator;
import io.edgetally.status.OperatorActions;
import io.edgetally.status.StatusJson;
import io.edgetally.status.StatusSource;
import io.edgetally.status.StatusTopic;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The barn as the CoAP endpoint shows it and the operator acts on it. Snapshots are built from the last cycle's
 * immutable state on the CoAP thread that asks; actions are checked against that state and queued for the next
 * control cycle, where the controller records them with who asked.
 */
public final class BarnStatus implements StatusSource, OperatorActions, BarnSite.CycleListener {

    private final Supplier<BarnSite> currentSite;
    private final String siteId;
    private final String deviceId;
    private final String firmwareVersion;
    private final Clock clock;
    private final Instant startedAt;
    private final DeviceView device;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> acknowledgedBy = new ConcurrentHashMap<>();
    private volatile int lastStep = -1;
    private volatile CurePhase lastPhase;
    private volatile Instant lastNotified = Instant.MIN;

    /**
     * @param site the running barn; a supplier, because a controller that reboots after a mains loss is a new
     *             instance (register this status as a listener on each)
     */
    public BarnStatus(Supplier<BarnSite> site, String siteId, String deviceId, String firmwareVersion, Clock clock,
                      DeviceView device) {
        this.currentSite = site;
        this.siteId = siteId;
        this.deviceId = deviceId;
        this.firmwareVersion = firmwareVersion;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.device = device;
    }

    private BarnSite barn() {
        return currentSite.get();
    }

    @Override
    public SiteKind kind() {
        return SiteKind.CURING_BARN;
    }

    /** After each cycle: tell observers when something an operator would notice changed, and once a minute. */
    @Override
    public void afterCycle(CureState state, MeterReading meter, List<CuringEvent> events) {
        boolean alarmsChanged = events.stream().anyMatch(e -> e instanceof CuringEvent.AlarmRaised
                || e instanceof CuringEvent.AlarmCleared);
        boolean stepChanged = state.stepIndex() != lastStep || state.phase() != lastPhase;
        lastStep = state.stepIndex();
        lastPhase = state.phase();
        if (alarmsChanged) {
            acknowledgedBy.keySet().retainAll(barn().activeAlarms().stream().map(Alarm::code).toList());
            notifyAll(StatusTopic.ALARMS);
            notifyAll(StatusTopic.STATUS);
        }
        if (stepChanged || alarmsChanged || Duration.between(lastNotified, state.at()).toSeconds() >= 60) {
            lastNotified = state.at();
            notifyAll(StatusTopic.SITE);
            notifyAll(StatusTopic.STATUS);
            notifyAll(StatusTopic.METERS);
        }
    }

    private void notifyAll(StatusTopic topic) {
        for (Listener l : listeners) {
            l.changed(topic);
        }
    }

    @Override
    public JsonObject status() {
        Optional<CureState> s = barn().state();
        String mode = barn().inSafeState() ? "safe"
                : s.isEmpty() ? "idle"
                : s.get().phase() == CurePhase.COMPLETE ? "idle"
                : s.get().holding().isPresent() || s.get().phase() == CurePhase.AWAITING_CONFIRMATION ? "hold"
                : "auto";
        return StatusJson.status(new StatusJson.Identity(deviceId, siteId, kind(), firmwareVersion, startedAt), mode,
                device, barn().activeAlarms().size(), clock.instant());
    }

    @Override
    public JsonObject site() {
        Optional<CureState> maybe = barn().state();
        CuringSchedule schedule = barn().schedule();
        if (maybe.isEmpty()) {
            return JsonObject.builder().put("scheduleId", schedule.id()).put("stage", JsonValue.JsonNull.INSTANCE)
                    .put("at", clock.instant().toString()).build();
        }
        CureState s = maybe.get();
        long stepRemaining = Math.max(0, s.stepHold().minus(s.stepElapsed()).toMinutes());
        return JsonObject.builder()
                .put("scheduleId", schedule.id())
                .put("stage", s.stage().fileName())
                .put("step", JsonObject.builder()
                        .put("index", s.stepIndex())
                        .put("count", schedule.steps().size())
                        .put("name", s.stepName())
                        .put("phase", s.phase().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .put("awaitingConfirmation", s.phase() == CurePhase.AWAITING_CONFIRMATION)
                        .put("prompt", s.prompt())
                        .put("holding", s.holding().map(JsonValue::of).map(v -> (JsonValue) v)
                                .orElse(JsonValue.JsonNull.INSTANCE))
                        .build())
                .put("targets", JsonObject.builder()
                        .put("dryBulbCelsius", number(s.rampDryCelsius(), 1))
                        .put("wetBulbCelsius", number(s.rampWetCelsius(), 1))
                        .put("finalDryBulbCelsius", number(s.targetDryCelsius(), 1))
                        .put("finalWetBulbCelsius", number(s.targetWetCelsius(), 1))
                        .build())
                .put("actuals", JsonObject.builder()
                        .put("dryBulbCelsius", reading(s.dryBulb()))
                        .put("wetBulbCelsius", reading(s.wetBulb()))
                        .build())
                .put("outputs", JsonObject.builder()
                        .put("heaterStagesOn", s.outputs().heaterStagesOn())
                        .put("heaterStages", barn().io().heaterStageCount())
                        .put("heater", s.outputs().heaterStagesOn() > 0)
                        .put("dehumidifier", s.outputs().dehumidifierOn())
                        .put("fan", s.outputs().fan().name().toLowerCase(Locale.ROOT))
                        .put("damperPercent", round(100 * barn().io().damperPosition(), 0))
                        .build())
                .put("processTime", JsonObject.builder()
                        .put("stepElapsedMinutes", s.stepElapsed().toMinutes())
                        .put("stepRemainingMinutes", stepRemaining)
                        .put("cureElapsedMinutes", s.totalElapsed().toMinutes())
                        .put("cureRemainingMinutes", s.estimatedRemaining().toMinutes())
                        .build())
                .put("at", s.at().toString())
                .build();
    }

    @Override
    public JsonObject tally() {
        return device.tally();
    }

    @Override
    public JsonObject alarms() {
        return StatusJson.alarms(barn().activeAlarms(), acknowledgedBy, clock.instant());
    }

    @Override
    public JsonObject meters() {
        return StatusJson.meters("main", barn().lastMeterReading(), clock.instant());
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public ActionResult confirmStep(Operator who) {
        Optional<CureState> s = barn().state();
        if (s.isEmpty() || s.get().phase() != CurePhase.AWAITING_CONFIRMATION) {
            return ActionResult.refused(ActionResult.Reason.CONFLICT, "step " + s.map(CureState::stepIndex).orElse(-1)
                    + " does not await confirmation (" + s.map(x -> x.phase().name()).orElse("no cure") + ")");
        }
        barn().submit(new OperatorCommand.Confirm(who.identity()));
        return ActionResult.done("step " + s.get().stepIndex() + " (" + s.get().stepName() + ") confirmed");
    }

    @Override
    public ActionResult advanceStep(Operator who) {
        Optional<CureState> s = running();
        if (s.isEmpty()) {
            return noCure();
        }
        barn().submit(new OperatorCommand.Advance(who.identity()));
        return ActionResult.done("step " + s.get().stepIndex() + " (" + s.get().stepName() + ") ends now");
    }

    @Override
    public ActionResult extendStep(Duration extension, Operator who) {
        Optional<CureState> s = running();
        if (s.isEmpty()) {
            return noCure();
        }
        barn().submit(new OperatorCommand.Extend(extension, who.identity()));
        return ActionResult.done("step " + s.get().stepIndex() + " extended by " + extension.toMinutes() + " min");
    }

    @Override
    public ActionResult switchSchedule(String scheduleId, Operator who) {
        if (!io.edgetally.barn.curing.schedule.ScheduleLoader.builtInIds().contains(scheduleId)
                && !scheduleId.equals(barn().schedule().id())) {
            return ActionResult.refused(ActionResult.Reason.NOT_FOUND, "no installed schedule '" + scheduleId
                    + "'; installed: " + io.edgetally.barn.curing.schedule.ScheduleLoader.builtInIds());
        }
        return ActionResult.refused(ActionResult.Reason.CONFLICT, "batch " + barn().batchId() + " is curing with '"
                + barn().schedule().id() + "'; a schedule is chosen when a cure starts (barn.schedule in the config),"
                + " never switched under a barn of leaf");
    }

    @Override
    public ActionResult acknowledgeAlarm(String code, Operator who) {
        if (!barn().acknowledgeAlarm(code, who.identity())) {
            return ActionResult.refused(ActionResult.Reason.NOT_FOUND, "no active alarm '" + code + "'");
        }
        acknowledgedBy.put(code, who.identity());
        notifyAll(StatusTopic.ALARMS);
        return ActionResult.done("alarm " + code + " acknowledged by " + who.identity());
    }

    @Override
    public ActionResult setExternalPowerCap(Optional<BigDecimal> capKw, Operator who) {
        return ActionResult.refused(ActionResult.Reason.NOT_FOUND, "a curing barn has no station power cap");
    }

    private Optional<CureState> running() {
        return barn().state().filter(s -> s.phase() != CurePhase.COMPLETE);
    }

    private static ActionResult noCure() {
        return ActionResult.refused(ActionResult.Reason.CONFLICT, "no cure is running");
    }

    private static JsonValue number(OptionalDouble v, int places) {
        return v.isPresent() ? round(v.getAsDouble(), places) : JsonValue.JsonNull.INSTANCE;
    }

    private static JsonValue reading(TemperatureReading r) {
        return r instanceof TemperatureReading.Valid v ? round(v.celsius(), 2) : JsonValue.JsonNull.INSTANCE;
    }

    private static JsonValue.JsonNumber round(double v, int places) {
        return StatusJson.round(v, places);
    }
}
