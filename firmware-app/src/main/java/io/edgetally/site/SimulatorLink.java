package io.edgetally.site;

import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusResult;
import io.edgetally.io.modbus.RegisterBlock;
import io.edgetally.io.modbus.RegisterKind;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The clock of {@code edgetally sim barn --lockstep}, as {@code run} reads it with {@code clock: simulator}: a Modbus
 * unit of its own ({@value #UNIT}) on the simulator's gateway that announces what it is and serves the simulated
 * time, and takes the time of each cycle {@code run} completed. The simulator moves its barn on by one cycle only
 * when the cycle at its current time is done, so both processes go in lockstep: the cure's outcome depends on the
 * cycles, not on how fast the machine ran them, and a week takes as long as the machine needs for 40,320 cycles.
 *
 * <p>Input registers {@value #IDENTITY_REGISTER}..7: the identity {@value #IDENTITY}, ASCII, two characters a
 * register, padded with NUL; {@value #TIME_REGISTER}..11: the simulated time in epoch milliseconds, 64 bits, high word
 * first. Holding registers {@value #DONE_REGISTER}..3: the time of the last cycle run completed, the same encoding.
 * A real device answers none of this at unit {@value #UNIT}, so {@code run} refuses to follow it.
 */
public final class SimulatorLink implements AutoCloseable {

    public static final int UNIT = 100;
    public static final String IDENTITY = "edgetally-sim-1";
    public static final int IDENTITY_REGISTER = 0;
    public static final int IDENTITY_REGISTERS = 8;
    public static final int TIME_REGISTER = 8;
    public static final int DONE_REGISTER = 0;

    private final ModbusClient client;

    private SimulatorLink(ModbusClient client) {
        this.client = client;
    }

    /**
     * Connects to the simulator's gateway and checks that it announces itself.
     *
     * @throws IllegalStateException naming the address and what it answered, when it is not the simulator
     */
    public static SimulatorLink connect(String host, int port) {
        ModbusClient client = new ModbusClient(new TcpModbusTransport(new TcpSettings(host, port)),
                new BackoffPolicy(Duration.ofMillis(200), Duration.ofSeconds(1)), Clock.systemUTC());
        String where = "tcp://" + host + ":" + port + " unit " + UNIT;
        ModbusResult r = client.read(new RegisterBlock(UNIT, RegisterKind.INPUT, IDENTITY_REGISTER, IDENTITY_REGISTERS));
        String announced = switch (r) {
            case ModbusResult.Registers regs -> ascii(regs.words());
            case ModbusResult.Failure f -> {
                client.close();
                throw new IllegalStateException("clock: simulator, but the device at " + where + " does not announce "
                        + "itself as edgetally's simulator (" + f.reason() + "); start 'edgetally sim barn --lockstep' "
                        + "first: the simulator's clock is followed only against it, never on real I/O");
            }
        };
        if (!announced.equals(IDENTITY)) {
            client.close();
            throw new IllegalStateException("clock: simulator, but the device at " + where + " announces '" + announced
                    + "', not '" + IDENTITY + "' (edgetally sim barn --lockstep); remove 'clock: simulator'");
        }
        return new SimulatorLink(client);
    }

    /** The simulated time now; empty while the simulator does not answer (restarting). */
    public Optional<Instant> now() {
        return switch (client.read(new RegisterBlock(UNIT, RegisterKind.INPUT, TIME_REGISTER, 4))) {
            case ModbusResult.Registers r -> Optional.of(Instant.ofEpochMilli(decode(r.words())));
            case ModbusResult.Failure f -> Optional.empty();
        };
    }

    /** Tells the simulator the cycle at {@code at} is done; false if it did not take it (restarting). */
    public boolean done(Instant at) {
        return client.writeRegisters(UNIT, DONE_REGISTER, encode(at.toEpochMilli())) instanceof ModbusResult.Registers;
    }

    /** The four registers of a 64-bit time, high word first. */
    public static int[] encode(long epochMillis) {
        return new int[] {(int) (epochMillis >>> 48) & 0xFFFF, (int) (epochMillis >>> 32) & 0xFFFF,
                (int) (epochMillis >>> 16) & 0xFFFF, (int) epochMillis & 0xFFFF};
    }

    public static long decode(int[] words) {
        return ((long) words[0] << 48) | ((long) words[1] << 32) | ((long) words[2] << 16) | words[3];
    }

    /** The identity as registers. */
    public static int[] identityWords() {
        byte[] b = IDENTITY.getBytes(StandardCharsets.US_ASCII);
        int[] words = new int[IDENTITY_REGISTERS];
        for (int i = 0; i < b.length; i++) {
            words[i / 2] |= (b[i] & 0xFF) << (i % 2 == 0 ? 8 : 0);
        }
        return words;
    }

    private static String ascii(int[] words) {
        StringBuilder s = new StringBuilder();
        for (int w : words) {
            for (int c : new int[] {(w >> 8) & 0xFF, w & 0xFF}) {
                if (c != 0) {
                    s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
                }
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
