package io.edgetally.io.plc;

/** What a charger reports about itself this cycle. */
public enum ChargerStatus {
    /** answering and able to charge */
    OK,
    /** reports a fault (insulation, contactor, over-temperature...); it must get no power */
    FAULT,
    /** did not answer this cycle; treated as unable to charge */
    OFFLINE,
    /**
     * the station's PLC link is down, so neither the charger nor its pack is known this cycle: it gets no power, and
     * the slot's alarms and the pack's stay are kept as they were (the PLC link raises its own alarm)
     */
    UNKNOWN
}
