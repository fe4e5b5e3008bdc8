package io.edgetally.station.control;

import io.edgetally.alarm.AlarmEvent;
import java.time.Instant;
import java.time.YearMonth;

/** Something the application should store or forward after a controller cycle. */
public sealed interface StationEvent {

    /** A completed swap to book (see {@code SwapStore}). */
    record SwapRecorded(SwapRecord swap) implements StationEvent {}

    /** An alarm was raised or cleared. */
    record AlarmChanged(AlarmEvent change) implements StationEvent {}

    /** The month's peak 15-minute demand (the demand-charge basis) rose. */
    record MonthPeakRaised(YearMonth month, double peakKw, Instant at) implements StationEvent {}
}
