package io.edgetally.sim.io;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.ModbusSerialListener;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * A simulated meter (or another device, such as a relay board) on an RS-485 line in Modbus RTU mode (one end of
 * a pseudo-terminal pair in tests), a meter with the same register tables as {@link SimModbusMeterServer}. Runs j2mod's serial listener on its own thread,
 * bypassing the static slave factory; answers only its own unit id, like a meter on a shared bus.
 */
public final class SimModbusRtuMeter implements AutoCloseable {

    private final ImageListener listener;
    private final Thread thread;
    private final ProcessImage image;

    /** Opens {@code portName} at 9600 8N1 and starts answering. */
    public SimModbusRtuMeter(String portName, SimModbusMeterServer.Model model, int unitId, long serialNumber,
            DoubleSupplier importKwh, DoubleSupplier powerW) {
        this(portName, model.name(), unitId, new MeterRegisterImage(model, unitId, importKwh, powerW,
                () -> serialNumber));
    }

    /**
     * Any device on the line, e.g. a {@link SimRelayBoard} (an RS-485 relay board); opens {@code portName} at
     * 9600 8N1 and starts answering for {@code unitId}.
     */
    public SimModbusRtuMeter(String portName, String name, int unitId, ProcessImage image) {
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(portName);
        parameters.setBaudRate(9600);
        parameters.setDatabits(8);
        parameters.setParity(AbstractSerialConnection.NO_PARITY);
        parameters.setStopbits(AbstractSerialConnection.ONE_STOP_BIT);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        this.image = image;
        this.listener = new ImageListener(parameters, unitId, image);
        // short, so a request for another unit is given up on before the master's next request arrives
        listener.setTimeout(50);
        this.thread = Thread.ofPlatform().daemon().name("sim-rtu-" + name).start(listener);
        awaitListening(portName);
    }

    /** A meter that refuses requests spanning unused addresses (see {@link SimModbusMeterServer#setStrict}). */
    public void setStrict(boolean strict) {
        if (!(image instanceof MeterRegisterImage meter)) {
            throw new IllegalStateException("only a simulated meter can be strict");
        }
        meter.setStrict(strict);
    }

    private void awaitListening(String portName) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!listener.isListening()) {
            if (listener.getError() != null || !thread.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("simulated RTU meter cannot open " + portName + ": "
                        + listener.getError());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Closes the port. j2mod's listener thread may stay blocked in jSerialComm's native read until the line
     * delivers a byte or goes away (the pty pair ends); it is a daemon and answers nothing after this.
     */
    @Override
    public void close() {
        listener.stop();
        try {
            thread.join(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ImageListener extends ModbusSerialListener {
        private final int unitId;
        private final ProcessImage image;

        ImageListener(SerialParameters parameters, int unitId, ProcessImage image) {
            super(parameters);
            this.unitId = unitId;
            this.image = image;
        }

        /** No image for another unit: j2mod then stays quiet, as a meter does for a frame not addressed to it. */
        @Override
        public ProcessImage getProcessImage(int requested) {
            return requested == unitId ? image : null;
        }
    }
}
