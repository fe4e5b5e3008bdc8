package io.edgetally.io.modbus;

/**
 * One physical path to Modbus devices: a TCP connection to a meter or gateway, or (later) an RS-485 serial
 * line shared by several units. Implementations open and reopen their link themselves, bound every wait by a
 * timeout, and never throw from {@link #read}: a failed read is a {@link ModbusResult.Failure}.
 * Not required to be thread-safe for concurrent reads; {@link ModbusClient} serialises access.
 */
public interface ModbusTransport extends AutoCloseable {

    /** e.g. {@code "tcp://127.0.0.1:5020"} or {@code "rtu:/dev/ttyUSB0@9600,8N1"}, used in every error message. */
    String endpoint();

    /** Reads one block, opening the link first if it is not open. */
    ModbusResult read(RegisterBlock block);

    /**
     * Writes {@code values} to consecutive coils from {@code start} (function 05 for one, 15 for several).
     * Success is a {@link ModbusResult.Registers} of the coil block holding the values the device confirmed.
     */
    ModbusResult writeCoils(int unitId, int start, boolean[] values);

    /**
     * Writes {@code values} (unsigned 16-bit) to consecutive holding registers from {@code start} in one request
     * (function 16). Success is a {@link ModbusResult.Registers} of the holding block with the values written.
     */
    ModbusResult writeRegisters(int unitId, int start, int[] values);

    /**
     * Increases each time the link is (re)opened, so a device's identity (serial number) can be read once per
     * connection: a different number means a different device may now be answering.
     */
    long connectionEpoch();

    /** Drops the link; the next read reopens it. */
    void disconnect();

    @Override
    void close();
}
