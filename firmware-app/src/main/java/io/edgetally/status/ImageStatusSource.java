package io.edgetally.status;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A site's {@link StatusSource} over the image its control cycle publishes: {@code /tally}, {@code /alarms},
 * {@code /meters} and {@code /status} are the same for every kind of site, built from the last image on the CoAP
 * thread that asks; the kind adds its own resource ({@code /barn}, {@code /station}) and {@code /status}'s mode.
 */
public abstract class ImageStatusSource<I extends SiteImage> implements StatusSource {

    private final Supplier<I> image;
    private final StatusJson.Identity identity;
    private final String meterName;
    private final String meterModel;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    protected final Clock clock;

    /**
     * @param meterName  how {@code /meters} names the tallied meter ({@code main}, {@code grid})
     * @param meterModel its maker and model, e.g. {@code "Eastron SDM630"}
     */
    protected ImageStatusSource(Supplier<I> image, SiteKind kind, String siteId, String deviceId,
                                String firmwareVersion, String meterName, String meterModel, Clock clock) {
        this.image = image;
        this.identity = new StatusJson.Identity(deviceId, siteId, kind, firmwareVersion, clock.instant());
        this.meterName = meterName;
        this.meterModel = meterModel;
        this.clock = clock;
    }

    /** The last published image. */
    protected final I image() {
        return image.get();
    }

    @Override
    public final SiteKind kind() {
        return identity.kind();
    }

    /** {@code /status}'s mode for this image: auto, hold, safe, idle. */
    protected abstract String mode(I image);

    @Override
    public final JsonObject status() {
        I i = image();
        return StatusJson.status(identity, mode(i), i.device(), i.alarms().size(), clock.instant());
    }

    @Override
    public final JsonObject tally() {
        return image().device().tally();
    }

    @Override
    public final JsonObject alarms() {
        I i = image();
        return StatusJson.alarms(i.alarms(), i.acknowledgedBy(), clock.instant());
    }

    @Override
    public final JsonObject meters() {
        return StatusJson.meters(meterName, meterModel, image().tallyMeter(), clock.instant());
    }

    @Override
    public final void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public final void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** The site's live state changed: {@code /barn} or {@code /station}, {@code /status} and {@code /meters}. */
    protected final void notifyLiveState() {
        notifyAll(StatusTopic.SITE);
        notifyAll(StatusTopic.STATUS);
        notifyAll(StatusTopic.METERS);
    }

    /** Tells the observers that {@code topic} may have changed; on the control cycle's thread, returns at once. */
    protected final void notifyAll(StatusTopic topic) {
        for (Listener l : listeners) {
            l.changed(topic);
        }
    }
}
