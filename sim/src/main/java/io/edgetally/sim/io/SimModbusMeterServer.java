package io.edgetally.sim.io;

import java.util.function.DoubleSupplier;

/**
 * A simulated kWh meter (Eastron SDM630 or SDM120, Chint DDSU666 or DTSU666, Acrel DJSF1352 DC meter) answering
 * Modbus TCP on loopback, as a real meter behind a TCP gateway does: one unit of a {@link SimModbusTcpServer}, with
 * the meter's register map ({@link MeterRegisterImage}) over live counters. Every server is independent, {@link #close()} drops its
 * connections, and {@link #start()} after a close binds the same port again. Faults: stop answering
 * ({@link Fault#SILENT}) or answer exception 04; {@link #setStrict strict}, it refuses a request spanning unused
 * addresses with exception 02, as some meters and gateways do. Thread-safe; the suppliers are called from connection threads
 * and must be too.
 */
public final class SimModbusMeterServer implements AutoCloseable {

    public enum Model { SDM630, SDM120, DDSU666, DTSU666, DJSF1352 }

    public enum Fault {
        NONE,
        /** requests are read and dropped: the client times out, as with a meter that lost power behind a gateway */
        SILENT,
        /** every request is answered with exception 04, slave device failure */
        EXCEPTION
    }

    private final int unitId;
    private final Model model;
    private final MeterRegisterImage image;
    private final SimModbusTcpServer server;
    private volatile long serialNumber;

    public SimModbusMeterServer(Model model, int unitId, long serialNumber, DoubleSupplier importKwh,
            DoubleSupplier powerW) {
        if (serialNumber < 1 || serialNumber > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("serial number must fit a uint32 and not be 0 or all ones: "
                    + serialNumber);
        }
        this.unitId = unitId;
        this.model = model;
        this.serialNumber = serialNumber;
        this.image = new MeterRegisterImage(model, unitId, importKwh, powerW, () -> this.serialNumber);
        this.server = new SimModbusTcpServer(model.name()).unit(unitId, image);
    }

    /** Starts on the port it had before, or on any free port the first time. @return the bound port */
    public int start() {
        return server.start();
    }

    /** Starts listening on 127.0.0.1:{@code requestedPort} (0 = any free port). @return the bound port */
    public int start(int requestedPort) {
        return server.start(requestedPort);
    }

    /** The bound port (also after {@link #close()}, for a restart on it). */
    public int port() {
        return server.port();
    }

    public void setFault(Fault fault) {
        server.setFault(unitId, switch (fault) {
            case NONE -> SimModbusTcpServer.UnitFault.NONE;
            case SILENT -> SimModbusTcpServer.UnitFault.SILENT;
            case EXCEPTION -> SimModbusTcpServer.UnitFault.EXCEPTION;
        });
    }

    /**
     * A DJSF1352 shows this power decimal point DP from now on (default
     * {@value AcrelDcRegisters#DEFAULT_POWER_DECIMAL_POINT}), also one no meter would set, as a misconfigured or
     * faulty one might.
     */
    public void setPowerDecimalPoint(int decimalPoint) {
        if (model != Model.DJSF1352) {
            throw new IllegalStateException(model + " has no decimal-point register");
        }
        image.setPowerDecimalPoint(decimalPoint);
    }

    /**
     * Strict: a request for a range holding any address no parameter occupies (e.g. one request from power to
     * energy) is answered with exception 02, illegal data address; each parameter on its own is still answered.
     */
    public void setStrict(boolean strict) {
        image.setStrict(strict);
    }

    /** Another meter now answers at this address (a replaced meter). */
    public void setSerialNumber(long serialNumber) {
        this.serialNumber = serialNumber;
    }

    /** Requests answered with data since construction (not counting dropped or exception answers). */
    public long requestsAnswered() {
        return server.requestsAnswered();
    }

    public String endpoint() {
        return server.endpoint();
    }

    /** Stops listening and drops every open connection; {@link #start()} may follow. */
    @Override
    public void close() {
        server.close();
    }
}
