package io.edgetally.tally;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.status.DeviceStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A site's tally, faked: records the readings booked and the alarm changes sent, and reports a fixed status. */
public final class RecordingTally implements SiteTally {

    public final List<MeterReading> booked = new CopyOnWriteArrayList<>();
    public final List<AlarmEvent> published = new CopyOnWriteArrayList<>();
    private final DeviceStatus status;

    public RecordingTally(DeviceStatus status) {
        this.status = status;
    }

    public RecordingTally() {
        this(DeviceStatus.none());
    }

    @Override
    public BookResult book(MeterReading reading) {
        booked.add(reading);
        return new BookResult.NotBooked("a recording tally books nothing");
    }

    @Override
    public void startBatch() {}

    @Override
    public void continueBatch(Instant startedAt) {}

    @Override
    public void closeBatch(String batchId, Instant startedAt) {}

    @Override
    public void publish(AlarmEvent event) {
        published.add(event);
    }

    @Override
    public DeviceStatus status() {
        return status;
    }
}
