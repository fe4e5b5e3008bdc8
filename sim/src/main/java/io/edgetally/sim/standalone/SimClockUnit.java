package io.edgetally.sim.standalone;

import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.edgetally.site.SimulatorLink;
import java.time.Instant;

/**
 * The simulator's clock as {@code edgetally run} reads it with {@code clock: simulator} (the register map is
 * {@link SimulatorLink}'s): the identity that tells {@code run} this is edgetally's simulator, the simulated time, and
 * the register {@code run} writes the time of each cycle it completed into.
 */
final class SimClockUnit extends SimpleProcessImage {

    SimClockUnit(Instant now) {
        super(SimulatorLink.UNIT);
        for (int w : SimulatorLink.identityWords()) {
            addInputRegister(new SimpleInputRegister(w));
        }
        for (int i = 0; i < 4; i++) {
            addInputRegister(new SimpleInputRegister(0));
            addRegister(new SimpleRegister(0));
        }
        set(now);
    }

    /** Serves {@code now} as the simulated time. */
    synchronized void set(Instant now) {
        int[] words = SimulatorLink.encode(now.toEpochMilli());
        for (int i = 0; i < 4; i++) {
            ((SimpleInputRegister) getInputRegister(SimulatorLink.TIME_REGISTER + i)).setValue(words[i]);
        }
    }

    /** The time of the last cycle {@code run} reported done (the epoch when none). */
    synchronized Instant done() {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = getRegister(SimulatorLink.DONE_REGISTER + i).getValue();
        }
        return Instant.ofEpochMilli(SimulatorLink.decode(words));
    }
}
