package io.edgetally.tally;

import io.edgetally.alarm.AlarmSink;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.status.DeviceStatus;
import java.time.Instant;

/**
 * The device's services as a site uses them: every cycle's reading of its tallied meter (the barn's meter, the
 * station's revenue meter) goes to the ledger, where a batch (a cure) starts and ends, every alarm change goes to the
 * registry ({@link AlarmSink}), and at the end of each cycle the site takes the device's status for its operator's
 * view. {@link TallyService} is the device's; a test may record the calls instead.
 */
public interface SiteTally extends AlarmSink {

    /** Books one cycle's reading of the tallied meter's register; never throws for a store failure. */
    BookResult book(MeterReading reading);

    /** A batch (a cure) starts now: the batch tally counts from here. */
    void startBatch();

    /** After a restart: the batch in progress started at {@code startedAt}. */
    void continueBatch(Instant startedAt);

    /** The batch is over: its open span is booked and the batch recorded. */
    void closeBatch(String batchId, Instant startedAt);

    /** The uplink, the outbox and the clock as of now, for the cycle's published status. */
    DeviceStatus status();
}
