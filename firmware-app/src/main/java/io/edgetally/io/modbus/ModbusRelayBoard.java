package io.edgetally.io.modbus;

import io.edgetally.io.gpio.DigitalIn;
import io.edgetally.io.gpio.Relay;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus relay board (the common 4/8/16-channel RS-485 or Ethernet boards): relays are coils, contact inputs
 * are discrete inputs, all on one unit id.
 *
 * <p>A relay that cannot be written does not throw into the control loop: {@link Relay#set} logs the failure
 * once per failure streak (a board that does not answer is one streak; a relay or input the board refuses with an
 * exception has its own, so a board whose coils answer but whose inputs do not is not "failing" and "answering
 * again" every cycle), {@link Relay#isOn()} stays at the state the board last confirmed (so the damper's
 * travel estimate does not count motor time that never happened), and the next {@code set} tries again: every
 * {@code set} is sent, also when unchanged, so a board that restarted with its coils off is put right within a
 * cycle (the barn writes every relay every cycle). What the controller sees of a dead board comes through the
 * inputs: an input that cannot be read reports its configured fail-safe value
 * (an airflow proof reads "no airflow", a cut-out reads "tripped"), so the controller stops heating and raises
 * its alarm. {@link #lastFailure()} tells status pages and {@code edgetally doctor} what went wrong.
 * Writes and reads share the client's per-unit backoff. Not thread-safe: the control loop owns the board.
 *
 * <p>Unlike a GPIO pin, a board's coils stay as last written when the controller dies: only the board's own
 * communication watchdog (where it has one, set it to drop all outputs) and the barn's independent hardware
 * over-temperature cut-out act then.
 */
public final class ModbusRelayBoard {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusRelayBoard.class);
    /** The streak of a board that does not answer at all (no answer, not connected, backing off). */
    private static final String WHOLE_BOARD = "";

    private final ModbusClient client;
    private final int unitId;
    private final Map<Integer, String> coilUsers = new HashMap<>();
    private final Map<Integer, String> inputUsers = new HashMap<>();
    /** The relays and inputs failing now, by name, with why: one warning when a streak starts, one line when it ends. */
    private final Map<String, String> failing = new LinkedHashMap<>();
    private Optional<String> lastFailure = Optional.empty();
    private boolean everAnswered;

    public ModbusRelayBoard(ModbusClient client, int unitId) {
        if (unitId < 0 || unitId > 247) {
            throw new IllegalArgumentException("relay board unit id must be 0..247, got " + unitId);
        }
        this.client = client;
        this.unitId = unitId;
    }

    /** e.g. {@code "tcp://127.0.0.1:1502 unit 2"}. */
    public String describe() {
        return client.endpoint() + " unit " + unitId;
    }

    /** A relay on {@code coil}; nothing is written until the first {@code set}. */
    public Relay relay(String name, int coil) {
        claim(coilUsers, "coil", name, coil);
        return new CoilRelay(name, coil);
    }

    /** A contact input on {@code discreteInput}; {@code whenUnreadable} is what it reports when the read fails. */
    public DigitalIn input(String name, int discreteInput, boolean whenUnreadable) {
        claim(inputUsers, "discrete input", name, discreteInput);
        return new DiscreteInput(name, discreteInput, whenUnreadable);
    }

    /** Why the last write or read failed, while a relay or input is failing; empty once each has answered again. */
    public Optional<String> lastFailure() {
        return lastFailure;
    }

    private void claim(Map<Integer, String> users, String what, String name, int address) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("'" + name + "' on " + describe() + ": " + what
                    + " address must be 0..65535, got " + address);
        }
        String user = users.putIfAbsent(address, name);
        if (user != null) {
            throw new IllegalArgumentException(what + " " + address + " on " + describe() + " is already used by '"
                    + user + "', cannot also use it for '" + name + "'");
        }
    }

    /** A point the board refused has a streak of its own; a board that does not answer at all has one for all. */
    private void failed(String point, ModbusResult.Failure f, String reason) {
        String key = f.kind() == FailureKind.EXCEPTION_RESPONSE ? point : WHOLE_BOARD;
        if (failing.put(key, reason) == null) {
            LOG.warn("relay board {}: {}", describe(), reason);
        }
        lastFailure = Optional.of(reason);
    }

    private void answered(String point) {
        if (!everAnswered) {
            everAnswered = true;
            LOG.info("relay board {} up", describe());
        }
        boolean boardBack = failing.remove(WHOLE_BOARD) != null;
        if (boardBack) {
            LOG.info("relay board {} answers again", describe());
        }
        if (failing.remove(point) != null) {
            LOG.info("relay board {}: {} answers again", describe(), point);
        }
        lastFailure = failing.values().stream().reduce((first, second) -> second);
    }

    private final class CoilRelay implements Relay {
        private final String name;
        private final int coil;
        private boolean confirmedOn;
        /** false until a write is confirmed */
        private boolean written;

        CoilRelay(String name, int coil) {
            this.name = name;
            this.coil = coil;
        }

        @Override
        public String name() {
            return name;
        }

        /**
         * Writes the coil every time, even when the board already confirmed this state: a board that lost power
         * comes back with every coil off, on RS-485 without any sign on the link, and the barn re-asserts every
         * relay each cycle. One short frame per relay per cycle is cheap next to a fan left off.
         */
        @Override
        public void set(boolean on) {
            switch (client.writeCoils(unitId, coil, new boolean[] {on})) {
                case ModbusResult.Registers r -> {
                    confirmedOn = on;
                    written = true;
                    answered(toString());
                }
                case ModbusResult.Failure f -> failed(toString(), f, "relay '" + name + "' (coil " + coil
                        + ") could not be switched "
                        + (on ? "on" : "off") + ", still " + (written ? (confirmedOn ? "on" : "off") : "unknown")
                        + ": " + f.reason());
            }
        }

        /** What the board last confirmed; off before the first confirmed write. */
        @Override
        public boolean isOn() {
            return confirmedOn;
        }

        @Override
        public String toString() {
            return "relay '" + name + "' (" + describe() + " coil " + coil + ")";
        }
    }

    private final class DiscreteInput implements DigitalIn {
        private final String name;
        private final RegisterBlock block;
        private final boolean whenUnreadable;

        DiscreteInput(String name, int address, boolean whenUnreadable) {
            this.name = name;
            this.block = new RegisterBlock(unitId, RegisterKind.DISCRETE_INPUT, address, 1);
            this.whenUnreadable = whenUnreadable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isActive() {
            return switch (client.read(block)) {
                case ModbusResult.Registers r -> {
                    answered(toString());
                    yield r.wordAt(block.start()) != 0;
                }
                case ModbusResult.Failure f -> {
                    failed(toString(), f, "input '" + name + "' unreadable, taken as " + (whenUnreadable ? "active" : "inactive")
                            + ": " + f.reason());
                    yield whenUnreadable;
                }
            };
        }

        @Override
        public String toString() {
            return "input '" + name + "' (" + describe() + " discrete input " + block.start() + ")";
        }
    }
}
