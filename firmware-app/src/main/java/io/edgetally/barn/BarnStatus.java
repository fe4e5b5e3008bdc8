package io.edgetally.barn;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.CuringEvent;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.io.TemperatureReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.status.ActionResult;
import io.edgetally.status.ImageStatusSource;
import io.edgetally.status.Operator;
import io.edgetally.status.OperatorActions;
import io.edgetally.status.StatusJson;
import io.edgetally.status.StatusTopic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The barn as the CoAP endpoint shows it and the operator acts on it. Every snapshot is built from the last cycle's
 * published {@link BarnImage} on the CoAP thread that asks, never from the live controller or I/O; a request goes to
 * {@link BarnSite#handle}, which checks it against that image and queues it for the next control cycle.
 */
public final class BarnStatus extends ImageStatusSource<BarnImage> implements OperatorActions, BarnSite.Listener {

    private final BarnSite site;
    /** control cycle only */
    private int lastStep = -1;
    private CurePhase lastPhase;
    private Instant lastNotified = Instant.MIN;
    private Map<String, String> lastAcknowledged = Map.of();

    /** @param meterModel the barn meter's maker and model, for {@code /meters} */
    public BarnStatus(BarnSite site, String siteId, String deviceId, String firmwareVersion, String meterModel,
                      Clock clock) {
        super(site::image, SiteKind.CURING_BARN, siteId, deviceId, firmwareVersion, "main", meterModel, clock);
        this.site = site;
    }

    /** After each cycle: tell observers when something an operator would notice changed, and once a minute. */
    @Override
    public void published(BarnImage image, List<CuringEvent> events) {
        boolean alarmsChanged = events.stream().anyMatch(e -> e instanceof CuringEvent.AlarmRaised
                || e instanceof CuringEvent.AlarmCleared) || !image.acknowledgedBy().equals(lastAcknowledged);
        lastAcknowledged = image.acknowledgedBy();
        if (alarmsChanged) {
            notifyAll(StatusTopic.ALARMS);
            notifyAll(StatusTopic.STATUS);
        }
        if (image.state().isEmpty()) {
            return;
        }
        CureState state = image.state().get();
        boolean stepChanged = state.stepIndex() != lastStep || state.phase() != lastPhase;
        lastStep = state.stepIndex();
        lastPhase = state.phase();
        if (stepChanged || alarmsChanged || Duration.between(lastNotified, state.at()).toSeconds() >= 60) {
            lastNotified = state.at();
            notifyLiveState();
        }
    }

    @Override
    public ActionResult perform(OperatorRequest request, Operator who) {
        return site.handle(BarnRequest.from(request, who));
    }

    /**
     * {@code safe} while the barn's actuators are held in their safe state after a fault: a controller failure, or
     * any CRITICAL alarm (the safety monitor keeps the heat off while one is active, and the cure holds); {@code
     * hold} is the schedule's own holding (waiting for the operator, or back on the curve).
     */
    @Override
    protected String mode(BarnImage image) {
        Optional<CureState> s = image.state();
        boolean faulted = image.safeState()
                || image.alarms().stream().anyMatch(a -> a.severity() == Alarm.Severity.CRITICAL);
        return faulted ? "safe"
                : s.isEmpty() ? "idle"
                : s.get().phase() == CurePhase.COMPLETE ? "idle"
                : s.get().holding().isPresent() || s.get().phase() == CurePhase.AWAITING_CONFIRMATION ? "hold"
                : "auto";
    }

    @Override
    public JsonObject site() {
        BarnImage image = image();
        Optional<CureState> maybe = image.state();
        CuringSchedule schedule = image.schedule();
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
                        .put("heaterStages", image.heaterStages())
                        .put("heater", s.outputs().heaterStagesOn() > 0)
                        .put("dehumidifier", s.outputs().dehumidifierOn())
                        .put("fan", s.outputs().fan().name().toLowerCase(Locale.ROOT))
                        .put("damperPercent", round(100 * image.damperPosition(), 0))
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
