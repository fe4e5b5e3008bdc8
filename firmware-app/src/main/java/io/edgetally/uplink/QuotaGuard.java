package io.edgetally.uplink;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries out the {@link DiskQuota} policy: thins queued telemetry and asks the reclaimers for space when the
 * database nears its quota, drops telemetry and raises {@value #DISK_ALARM} when the disk is full, clears the
 * alarm when space is back. Never touches tally records. Called from the uplink worker thread only.
 */
final class QuotaGuard {

    static final String DISK_ALARM = "uplink.disk-full";
    private static final Logger log = LoggerFactory.getLogger(QuotaGuard.class);

    private final DiskQuota quota;
    private final DiskQuota.DiskProbe probe;
    private final List<DiskQuota.SpaceReclaimer> reclaimers;
    private final UplinkStore store;
    private final Consumer<AlarmEvent> alarms;
    private DiskQuota.Level level = DiskQuota.Level.OK;

    QuotaGuard(DiskQuota quota, DiskQuota.DiskProbe probe, List<DiskQuota.SpaceReclaimer> reclaimers,
               UplinkStore store, Consumer<AlarmEvent> alarms) {
        this.quota = quota;
        this.probe = probe;
        this.reclaimers = List.copyOf(reclaimers);
        this.store = store;
        this.alarms = alarms;
    }

    /** Measures, acts, and returns the level now in force (the previous one when the disk cannot be measured). */
    DiskQuota.Level check(Instant now) {
        DiskQuota.Level was = level;
        try {
            level = quota.assess(probe.measure());
        } catch (RuntimeException e) {
            log.warn("disk quota not assessed: {}", e.getMessage());
            return level;
        }
        switch (level) {
            case OK -> { }
            case THIN -> {
                int thinned = store.thinTelemetry();
                long reclaimed = reclaimers.stream().mapToLong(DiskQuota.SpaceReclaimer::reclaim).sum();
                log.info("disk near its quota: thinned {} telemetry messages, reclaimed {} elsewhere", thinned, reclaimed);
            }
            case FULL -> {
                int dropped = store.dropTelemetry();
                reclaimers.forEach(DiskQuota.SpaceReclaimer::reclaim);
                log.warn("disk full: dropped {} telemetry messages; tally records are kept", dropped);
            }
        }
        if (level != was) {
            store.putState("disk_level", level.name(), now);
            if (level == DiskQuota.Level.FULL) {
                raise(new AlarmEvent.Raised(new Alarm(DISK_ALARM, Alarm.Severity.CRITICAL,
                        "The data disk is full (database at or above its quota, or too little free space):"
                                + " telemetry is no longer stored; tally records are kept but new ones may fail."
                                + " Free space on the data partition or raise the disk quota.", now), now));
            } else if (was == DiskQuota.Level.FULL) {
                raise(new AlarmEvent.Cleared(DISK_ALARM, now));
            }
        }
        return level;
    }

    private void raise(AlarmEvent event) {
        try {
            alarms.accept(event);
        } catch (RuntimeException e) {
            // on a full disk the alarm may not be storable for the registry; the local sink has it already
            log.error("disk alarm {} not fully delivered: {}", event, e.getMessage());
        }
    }
}
