package io.edgetally.sim.io;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated Modbus relay board: {@code relays} coils (all off at power-up) and {@code inputs} discrete inputs
 * the simulator drives. Serve it with {@link SimModbusTcpServer#unit}. Reading coils and inputs is safe from
 * any thread (the image's cells are set and read atomically).
 */
public final class SimRelayBoard extends SimpleProcessImage {

    private final int relays;
    private final int inputs;
    private volatile Runnable onCoilChange = () -> { };

    public SimRelayBoard(int unitId, int relays, int inputs) {
        super(unitId);
        this.relays = relays;
        this.inputs = inputs;
        for (int i = 0; i < relays; i++) {
            addDigitalOut(new Coil());
        }
        for (int i = 0; i < inputs; i++) {
            addDigitalIn(new SimpleDigitalIn(false));
        }
    }

    /** Whether relay {@code coil} is pulled in. */
    public boolean coil(int coil) {
        return getDigitalOut(coil).isSet();
    }

    /** Sets coil {@code coil}, as a restarted board restoring its last state would. */
    public void setCoil(int coil, boolean on) {
        getDigitalOut(coil).set(on);
    }

    /**
     * Runs {@code listener} after any coil changes, on the thread that changed it (for a Modbus write, before the
     * board answers it), e.g. to keep the coils in a file that outlives the process.
     */
    public void onCoilChange(Runnable listener) {
        this.onCoilChange = listener;
    }

    /** The coils, in order. */
    public List<Boolean> coils() {
        List<Boolean> out = new ArrayList<>(relays);
        for (int i = 0; i < relays; i++) {
            out.add(coil(i));
        }
        return out;
    }

    /** A coil that tells the board when it changes. */
    private final class Coil extends SimpleDigitalOut {
        Coil() {
            super(false);
        }

        @Override
        public void set(boolean b) {
            boolean changed = b != isSet();
            super.set(b);
            if (changed) {
                onCoilChange.run();
            }
        }
    }

    /** Puts the contact on discrete input {@code input} open or closed. */
    public void setInput(int input, boolean closed) {
        ((SimpleDigitalIn) getDigitalIn(input)).set(closed);
    }

    public int relayCount() {
        return relays;
    }

    public int inputCount() {
        return inputs;
    }
}
