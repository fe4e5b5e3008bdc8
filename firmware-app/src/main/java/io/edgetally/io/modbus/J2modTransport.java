package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What TCP and RTU share on j2mod: the requests for a read and for the two writes, one request over the open link
 * (opened first when there is none) and how each answer is checked. A subclass opens its own link
 * ({@link #openLink}) and judges a request that got no valid answer ({@link #linkFailed}).
 */
abstract sealed class J2modTransport implements ModbusTransport permits TcpModbusTransport, RtuModbusTransport {

    private final String endpoint;
    private long epoch;
    private boolean closed;
    /** the link's transaction and how to close the link; null while no link is open */
    private OpenLink link;

    /** An open link: the j2mod transaction that runs requests on it, and how to close it. */
    record OpenLink(ModbusTransaction transaction, Runnable close) {}

    /** The link cannot be opened; the message says why, for the operator (e.g. "cannot connect: unknown host"). */
    static final class LinkUnavailable extends Exception {
        LinkUnavailable(String message) {
            super(message);
        }
    }

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
     * this transport's lock held; never throws. TCP overrides it to try once more on a kept-open connection.
     *
     * @param what what the request does, for error messages (e.g. {@code "unit 1 holding 0x0000..0x0001"})
     */
    ModbusResult exchange(String what, ModbusRequest request,
                          Function<ModbusResponse, Optional<ModbusResult.Registers>> decode) {
        return attempt(what, request, decode);
    }

    /** One request on the link, opened first when there is none (a new link counts a new epoch). */
    final ModbusResult attempt(String what, ModbusRequest request,
                               Function<ModbusResponse, Optional<ModbusResult.Registers>> decode) {
        String where = endpoint + " " + what;
        if (link == null) {
            try {
                link = openLink();
            } catch (LinkUnavailable e) {
                return new ModbusResult.Failure(FailureKind.CONNECT, where + ": " + e.getMessage());
            }
            epoch++; // a device's identity is read again on a new link
        }
        ModbusTransaction transaction = link.transaction();
        transaction.setRequest(request);
        try {
            transaction.execute();
            answered();
            ModbusResponse response = transaction.getResponse();
            Optional<ModbusResult.Registers> decoded = decode.apply(response);
            if (decoded.isEmpty()) {
                answeredWrongly();
                return unexpected(where, response);
            }
            return decoded.get();
        } catch (ModbusSlaveException e) {
            answered(); // an exception answer is an answer: the link is fine
            return exceptionAnswer(where, e);
        } catch (ModbusException | RuntimeException e) {
            return linkFailed(where, e);
        }
    }

    /** Opens the link, with one attempt: the caller's backoff decides when to try again. */
    abstract OpenLink openLink() throws LinkUnavailable;

    /** No valid answer came (timeout, broken frame, link down): what the caller is told; may disconnect. */
    abstract ModbusResult.Failure linkFailed(String where, Exception e);

    /** The device answered (data or an exception code). */
    void answered() {}

    /** The device answered, but not what was asked. */
    void answeredWrongly() {}

    /** Closes the link if one is open; the next request opens a new one. */
    @Override
    public final synchronized void disconnect() {
        if (link != null) {
            link.close().run();
            link = null;
        }
    }
}
