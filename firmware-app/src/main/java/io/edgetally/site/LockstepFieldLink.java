package io.edgetally.site;

import io.edgetally.io.modbus.FailureKind;
import io.edgetally.io.modbus.ModbusResult;
import io.edgetally.io.modbus.ModbusTransport;
import io.edgetally.io.modbus.RegisterBlock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A field link of {@code run} in lockstep with {@code edgetally sim barn --lockstep}: a request that gets no answer
 * because the simulator's process is gone (its clock does not answer either: killed, restarting) waits until the
 * simulator answers again and is sent again. In lockstep the barn's time stands still while the simulator is away,
 * so to the barn nothing happened, and a cycle in progress when the simulator was killed reads and writes what it
 * would have. A failure while the simulator answers (a fault rehearsed with {@code sim fault}, an exception code) is
 * the barn's and is returned as it is; so is one that outlasts {@code patience}.
 */
final class LockstepFieldLink implements ModbusTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LockstepFieldLink.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ModbusTransport link;
    private final BooleanSupplier simulatorAnswers;
    private final Duration patience;

    LockstepFieldLink(ModbusTransport link, BooleanSupplier simulatorAnswers, Duration patience) {
        this.link = link;
        this.simulatorAnswers = simulatorAnswers;
        this.patience = patience;
    }

    @Override
    public String endpoint() {
        return link.endpoint();
    }

    @Override
    public ModbusResult read(RegisterBlock block) {
        return waitingOutTheSimulator(() -> link.read(block));
    }

    @Override
    public ModbusResult writeCoils(int unitId, int start, boolean[] values) {
        return waitingOutTheSimulator(() -> link.writeCoils(unitId, start, values));
    }

    @Override
    public ModbusResult writeRegisters(int unitId, int start, int[] values) {
        return waitingOutTheSimulator(() -> link.writeRegisters(unitId, start, values));
    }

    private ModbusResult waitingOutTheSimulator(Supplier<ModbusResult> request) {
        ModbusResult result = request.get();
        long deadline = System.nanoTime() + patience.toNanos();
        boolean logged = false;
        while (result instanceof ModbusResult.Failure f && lostTheLink(f.kind()) && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            if (simulatorAnswers.getAsBoolean()) {
                if (!logged) {
                    return result; // the simulator is there: the failure is the barn's
                }
                result = request.get(); // it came back: the request again, on a new connection
                if (result instanceof ModbusResult.Failure) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
                continue;
            }
            if (!logged) {
                LOG.info("{}: the simulator is away ({}); waiting for it, the barn's time stands still meanwhile",
                        link.endpoint(), f.reason());
                logged = true;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return result;
    }

    private static boolean lostTheLink(FailureKind kind) {
        return kind == FailureKind.CONNECT || kind == FailureKind.NO_RESPONSE;
    }

    @Override
    public long connectionEpoch() {
        return link.connectionEpoch();
    }

    @Override
    public void disconnect() {
        link.disconnect();
    }

    @Override
    public void close() {
        link.close();
    }
}
