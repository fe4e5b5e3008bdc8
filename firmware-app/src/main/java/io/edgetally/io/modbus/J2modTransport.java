package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What TCP and RTU share on j2mod: the requests for a read and for the two writes, and how each answer is checked.
 * A subclass runs one request over its own link ({@link #exchange}).
 */
abstract sealed class J2modTransport implements ModbusTransport permits TcpModbusTransport, RtuModbusTransport {

    private final String endpoint;
    private long epoch;
    private boolean closed;

    J2modTransport(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public final String endpoint() {
        return endpoint;
    }

    @Override
    public final synchronized long connectionEpoch() {
        return epoch;
    }

    /** A new link is open (a device's identity is read again on it). */
    final void opened() {
        epoch++;
    }

    @Override
    public final synchronized void close() {
        closed = true;
        disconnect();
    }

    /** The device answered, with an exception code. */
    static ModbusResult.Failure exceptionAnswer(String where, ModbusSlaveException e) {
        return new ModbusResult.Failure(FailureKind.EXCEPTION_RESPONSE,
                where + ": device answered exception code " + e.getType() + " (" + e.getMessage() + ")",
                OptionalInt.of(e.getType()));
    }

    /** An answer that is not the one asked for. */
    static ModbusResult.Failure unexpected(String where, ModbusResponse response) {
        return new ModbusResult.Failure(FailureKind.PROTOCOL, where + ": unexpected answer "
                + (response == null ? "(none)" : response.getClass().getSimpleName() + " " + response.getHexMessage()));
    }

    @Override
    public final synchronized ModbusResult read(RegisterBlock block) {
        return send(block.describe(), ModbusRequests.read(block),
                response -> ModbusRequests.decode(block, response).map(words -> new ModbusResult.Registers(block, words)));
    }

    @Override
    public final synchronized ModbusResult writeCoils(int unitId, int start, boolean[] values) {
        RegisterBlock block = ModbusRequests.coilBlock(unitId, start, values);
        return send("write " + block.describe(), ModbusRequests.writeCoils(block, values),
                response -> ModbusRequests.writeConfirmed(block, values, response)
                        ? Optional.of(new ModbusResult.Registers(block, ModbusRequests.words(values)))
                        : Optional.empty());
    }

    @Override
    public final synchronized ModbusResult writeRegisters(int unitId, int start, int[] values) {
        RegisterBlock block = new RegisterBlock(unitId, RegisterKind.HOLDING, start, values.length);
        int[] written = values.clone();
        return send("write " + block.describe(), ModbusRequests.writeRegisters(block, written),
                response -> ModbusRequests.writeConfirmed(block, response)
                        ? Optional.of(new ModbusResult.Registers(block, written))
                        : Optional.empty());
    }

    private ModbusResult send(String what, ModbusRequest request,
                              Function<ModbusResponse, Optional<ModbusResult.Registers>> decode) {
        if (closed) {
            return new ModbusResult.Failure(FailureKind.CLOSED, endpoint + " " + what + ": transport is closed");
        }
        return exchange(what, request, decode);
    }

    /**
     * Sends {@code request} and checks its answer with {@code decode} (empty: not the answer asked for). Called with
     * this transport's lock held; never throws.
     *
     * @param what what the request does, for error messages (e.g. {@code "unit 1 holding 0x0000..0x0001"})
     */
    abstract ModbusResult exchange(String what, ModbusRequest request,
                                   Function<ModbusResponse, Optional<ModbusResult.Registers>> decode);
}
