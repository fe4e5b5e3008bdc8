package io.edgetally.sim.io;

import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;

/**
 * A simulated RS-485 temperature transmitter: {@code channels} input registers from address 0, each the
 * temperature in 0.1 °C as a signed 16-bit value (the common layout of such transmitters), 0x8000 for a broken
 * sensor. Serve it with {@link SimModbusTcpServer#unit}.
 */
public final class SimTemperatureTransmitter extends SimpleProcessImage {

    /** The value many transmitters report for an open or shorted sensor. */
    public static final int SENSOR_FAULT = 0x8000;

    public SimTemperatureTransmitter(int unitId, int channels) {
        super(unitId);
        for (int i = 0; i < channels; i++) {
            addInputRegister(new SimpleInputRegister(SENSOR_FAULT));
        }
    }

    public void setCelsius(int channel, double celsius) {
        int tenths = (int) Math.round(celsius * 10);
        setRaw(channel, Math.clamp(tenths, -32767, 32766) & 0xFFFF);
    }

    /** The register's raw 16-bit content, e.g. {@link #SENSOR_FAULT}. */
    public void setRaw(int channel, int word) {
        ((SimpleInputRegister) getInputRegister(channel)).setValue(word);
    }
}
