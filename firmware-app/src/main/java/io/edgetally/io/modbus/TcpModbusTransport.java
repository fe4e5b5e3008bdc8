package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Modbus TCP on j2mod's transaction API. The connection stays open between reads (one round trip per read, no
 * handshake), with TCP_NODELAY so a small request is not held back; it is dropped after a timeout or a broken
 * frame, so a late answer can never be taken for the next request's, and reopened on the next read.
 */
public final class TcpModbusTransport extends J2modTransport {

    private final TcpSettings settings;
    private int transactionsOnConnection;
    private boolean lastAttemptTimedOut;

    public TcpModbusTransport(TcpSettings settings) {
        super(settings.endpoint());
        this.settings = settings;
    }

    @Override
    ModbusResult exchange(String what, ModbusRequest request,
            Function<ModbusResponse, Optional<ModbusResult.Registers>> decode) {
        lastAttemptTimedOut = false;
        boolean reused = transactionsOnConnection > 0;
        ModbusResult result = attempt(what, request, decode);
        // A kept-open connection the device has since dropped (restart, idle close) fails at once with EOF or
        // reset, not a timeout: reconnect and try once more rather than report a device that is fine. Coil
        // writes are idempotent, so they may be repeated too.
        if (reused && !lastAttemptTimedOut && result instanceof ModbusResult.Failure f
                && f.kind() == FailureKind.NO_RESPONSE) {
            result = attempt(what, request, decode);
        }
        return result;
    }

    @Override
    void answered() {
        transactionsOnConnection++;
    }

    /** A wrong answer may be a late one to an earlier request: drop the connection so the next starts clean. */
    @Override
    void answeredWrongly() {
        disconnect();
    }

    @Override
    ModbusResult.Failure linkFailed(String where, Exception e) {
        disconnect();
        lastAttemptTimedOut = isTimeout(e);
        String detail = lastAttemptTimedOut
                ? "no answer within " + settings.responseTimeout().toMillis() + " ms"
                : "link failed: " + describe(e);
        return new ModbusResult.Failure(FailureKind.NO_RESPONSE, where + ": " + detail);
    }

    @Override
    OpenLink openLink() throws LinkUnavailable {
        TCPMasterConnection candidate;
        try {
            candidate = new TCPMasterConnection(InetAddress.getByName(settings.host()));
        } catch (UnknownHostException e) {
            throw new LinkUnavailable("cannot connect: unknown host " + settings.host());
        }
        candidate.setPort(settings.port());
        candidate.setTimeout((int) settings.connectTimeout().toMillis());
        NoDelayTransport transport = new NoDelayTransport();
        transport.setMaster(candidate);
        candidate.setModbusTransport(transport);
        try {
            candidate.connect();
            candidate.setTimeout((int) settings.responseTimeout().toMillis());
        } catch (Exception e) {
            candidate.close();
            throw new LinkUnavailable("cannot connect: " + (isTimeout(e)
                    ? "no connection within " + settings.connectTimeout().toMillis() + " ms" : describe(e)));
        }
        ModbusTCPTransaction transaction = new ModbusTCPTransaction(candidate);
        transaction.setRetries(1); // one attempt: the caller's backoff decides when to try again
        transaction.setReconnecting(false);
        transaction.setCheckingValidity(true); // a late answer to an earlier request must not be taken as this one's
        transactionsOnConnection = 0;
        return new OpenLink(transaction, () -> {
            candidate.close();
            transactionsOnConnection = 0;
        });
    }

    /** j2mod rewraps a read timeout as a ModbusIOException that keeps only the text of the cause. */
    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof SocketTimeoutException
                    || (message != null && message.toLowerCase(Locale.ROOT).contains("timed out"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** j2mod leaves Nagle on; a 12-byte request would then wait for the previous segment's ACK. */
    private static final class NoDelayTransport extends ModbusTCPTransport {
        @Override
        public void setSocket(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            super.setSocket(socket);
        }
    }
}
