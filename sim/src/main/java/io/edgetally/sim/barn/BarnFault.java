package io.edgetally.sim.barn;

/**
 * Faults the simulator can inject, each the physical event a barn technician would recognise. Start one with
 * {@link BarnSimulator#inject(BarnFault)} (or for a set duration) and end it with {@link BarnSimulator#clear}.
 */
public enum BarnFault {
    /** The wet-bulb wick's water cup runs dry: over tens of minutes the wet bulb reads the dry bulb. */
    WICK_DRY_OUT,
    /** The dry-bulb probe's cable is broken: the probe reads open circuit. */
    DRY_BULB_PROBE_OPEN,
    /** The circulation fan motor stops although commanded to run: no airflow, heat stays in the heating room. */
    FAN_STOP,
    /** The damper motor stops answering: the damper stays where it was when the fault began. */
    DAMPER_STUCK,
    /** The heat pump's compressor trips (high pressure, overload): no heat whatever the command. No effect on resistive barns. */
    COMPRESSOR_TRIP,
    /** The first heater relay (or the compressor contactor) welds shut: it heats whatever the command. */
    HEATER_RELAY_STUCK_ON,
    /** Mains supply lost: every load stops, the meter stops counting, sensors and airflow proof are unreadable. */
    MAINS_LOSS
}
