package io.edgetally.io.modbus;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads register blocks (and writes coils) through one {@link ModbusTransport}, keeping a backoff per unit id: a unit that did not
 * answer is skipped (a {@link FailureKind#BACKING_OFF} failure, no traffic) until its backoff has passed, so the
 * other units on the same link keep being read. Time comes from the injected clock. Thread-safe.
 */
public final class ModbusClient implements AutoCloseable {

    private final ModbusTransport transport;
    private final BackoffPolicy backoff;
    private final Clock clock;
    private final Map<Integer, UnitHealth> health = new HashMap<>();

    public ModbusClient(ModbusTransport transport, BackoffPolicy backoff, Clock clock) {
        this.transport = transport;
        this.backoff = backoff;
        this.clock = clock;
    }

    public String endpoint() {
        return transport.endpoint();
    }

    /** See {@link ModbusTransport#connectionEpoch()}. */
    public long connectionEpoch() {
        return transport.connectionEpoch();
    }

    public synchronized ModbusResult read(RegisterBlock block) {
        return guarded(block.unitId(), block.describe(), () -> transport.read(block));
    }

    /**
     * Writes consecutive coils through the same per-unit backoff as reads: a relay board that stopped answering
     * costs one timeout per backoff period, not one per relay per cycle.
     */
    public synchronized ModbusResult writeCoils(int unitId, int start, boolean[] values) {
        String what = "write " + new RegisterBlock(unitId, RegisterKind.COIL, start, values.length).describe();
        return guarded(unitId, what, () -> transport.writeCoils(unitId, start, values.clone()));
    }

    /** Writes consecutive holding registers (function 16) through the same per-unit backoff as reads. */
    public synchronized ModbusResult writeRegisters(int unitId, int start, int[] values) {
        String what = "write " + new RegisterBlock(unitId, RegisterKind.HOLDING, start, values.length).describe();
        return guarded(unitId, what, () -> transport.writeRegisters(unitId, start, values.clone()));
    }

    private ModbusResult guarded(int unitId, String what, Supplier<ModbusResult> exchange) {
        UnitHealth unit = health.computeIfAbsent(unitId, id -> new UnitHealth());
        Instant now = clock.instant();
        if (unit.nextAttempt != null && now.isBefore(unit.nextAttempt)) {
            return new ModbusResult.Failure(FailureKind.BACKING_OFF, endpoint() + " " + what
                    + ": not sent, unit failed " + unit.consecutiveFailures + " time(s) in a row (last: "
                    + unit.lastReason + "); next try at " + unit.nextAttempt);
        }
        ModbusResult result = exchange.get();
        switch (result) {
            case ModbusResult.Registers r -> unit.recordSuccess();
            case ModbusResult.Failure f when countsAgainstUnit(f.kind()) ->
                    unit.recordFailure(f.reason(), clock.instant().plus(backoff.delayAfter(unit.consecutiveFailures + 1)));
            case ModbusResult.Failure f -> { }
        }
        return result;
    }

    /** How many reads of this unit failed in a row (0 when it last answered). */
    public synchronized int consecutiveFailures(int unitId) {
        UnitHealth unit = health.get(unitId);
        return unit == null ? 0 : unit.consecutiveFailures;
    }

    /** A device that answers with an exception is alive: only silence and broken links back off. */
    private static boolean countsAgainstUnit(FailureKind kind) {
        return kind == FailureKind.CONNECT || kind == FailureKind.NO_RESPONSE || kind == FailureKind.PROTOCOL;
    }

    @Override
    public void close() {
        transport.close();
    }

    private static final class UnitHealth {
        int consecutiveFailures;
        Instant nextAttempt;
        String lastReason = "";

        void recordSuccess() {
            consecutiveFailures = 0;
            nextAttempt = null;
            lastReason = "";
        }

        void recordFailure(String reason, Instant next) {
            consecutiveFailures++;
            nextAttempt = next;
            lastReason = reason;
        }
    }
}
