package io.edgetally.barn.io;

import io.edgetally.barn.curing.BarnInputs;
import io.edgetally.barn.curing.BarnOutputs;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.Relay;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The barn's field wiring: reads every input once per cycle into a {@link BarnInputs} process image and writes
 * a {@link BarnOutputs} to the relays. No control logic lives here.
 */
public final class BarnIo {

    private final Clock clock;
    private final TemperatureSource dryBulb;
    private final TemperatureSource wetBulb;
    private final DigitalIn airflow;
    private final DigitalIn cutout;
    private final List<Relay> heaterStages;
    private final Optional<Relay> dehumidifier;
    private final Relay fanRun;
    private final Relay fanHigh;
    private final ThreePointDamper damper;
    private volatile Optional<BarnInputs> last = Optional.empty();

    public BarnIo(Clock clock, TemperatureSource dryBulb, TemperatureSource wetBulb, DigitalIn airflow,
                  DigitalIn cutout, List<Relay> heaterStages, Optional<Relay> dehumidifier, Relay fanRun,
                  Relay fanHigh, ThreePointDamper damper) {
        if (heaterStages.isEmpty()) {
            throw new IllegalArgumentException("a barn needs at least one heater relay (stage or compressor)");
        }
        this.clock = clock;
        this.dryBulb = dryBulb;
        this.wetBulb = wetBulb;
        this.airflow = airflow;
        this.cutout = cutout;
        this.heaterStages = List.copyOf(heaterStages);
        this.dehumidifier = dehumidifier;
        this.fanRun = fanRun;
        this.fanHigh = fanHigh;
        this.damper = damper;
    }

    public BarnInputs read() {
        BarnInputs in = new BarnInputs(clock.instant(), dryBulb.read(), wetBulb.read(), airflow.isActive(),
                cutout.isActive());
        last = Optional.of(in);
        return in;
    }

    /** What the last {@link #read()} gave (the service logs the probes' links from it); empty before the first. */
    public Optional<BarnInputs> lastInputs() {
        return last;
    }

    public void write(BarnOutputs out) {
        int stages = Math.min(out.heaterStagesOn(), heaterStages.size());
        // Switch off before on, so a change of stage never briefly energises more than asked.
        for (int i = heaterStages.size() - 1; i >= stages; i--) {
            heaterStages.get(i).set(false);
        }
        for (int i = 0; i < stages; i++) {
            heaterStages.get(i).set(true);
        }
        dehumidifier.ifPresent(r -> r.set(out.dehumidifierOn()));
        fanRun.set(out.fan() != FanSpeed.OFF);
        fanHigh.set(out.fan() == FanSpeed.HIGH);
        damper.drive(out.damperOpenFraction(), clock.instant());
    }

    /** Heat off, dehumidifier off, fan high to carry heat away, damper motor stopped where it is. */
    public void safeState() {
        for (Relay r : heaterStages) {
            r.set(false);
        }
        dehumidifier.ifPresent(r -> r.set(false));
        fanRun.set(true);
        fanHigh.set(true);
        damper.stop();
    }

    /** The wiring's part of the control's memory: the damper motor's estimate (the relays hold nothing else). */
    public JsonObject memory() {
        return JsonObject.builder().put("damper", damper.memory()).build();
    }

    /** Takes up {@link #memory()} after a restart within the control's maxCycleGap. */
    public void restore(JsonObject m) {
        damper.restore(m.object("damper"));
    }

    public int heaterStageCount() {
        return heaterStages.size();
    }

    public double damperPosition() {
        return damper.estimatedPosition();
    }
}
