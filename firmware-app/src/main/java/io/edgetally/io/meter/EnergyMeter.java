package io.edgetally.io.meter;

/** A kWh meter reachable over some transport (Modbus TCP/RTU, S0 pulses). Never throws for a failed read. */
public interface EnergyMeter extends AutoCloseable {

    /** Reads the cumulative import-energy register (and power) now. */
    MeterReading read();

    /** Maker and model as an operator reads them on the meter's front, e.g. {@code "Eastron SDM630"}. */
    String model();

    /** A short human name, e.g. {@code "barn meter (SDM630 @ tcp://127.0.0.1:5020 unit 1)"}. */
    String describe();

    @Override
    void close();
}
