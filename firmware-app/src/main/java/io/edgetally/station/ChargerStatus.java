package io.edgetally.station;

/** What a charger reports about itself this cycle. */
public enum ChargerStatus {
    /** answering and able to charge */
    OK,
    /** reports a fault (insulation, contactor, over-temperature...); it must get no power */
    FAULT,
    /** did not answer this cycle; treated as unable to charge */
    OFFLINE
}
