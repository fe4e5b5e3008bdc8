package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * Modbus RTU over one RS-485 line on j2mod's serial transaction API. Several units share the line, so a unit
 * that does not answer costs one response timeout and nothing more: the port stays open for the others (the
 * per-unit backoff in {@link ModbusClient} keeps the silent one from costing that timeout every cycle). The
 * port is closed and reopened only when the port itself fails (adapter unplugged).
 */
public final class RtuModbusTransport extends J2modTransport {

    private final RtuSettings settings;
    /** the open port, to tell a unit that did not answer from a port that failed; null while closed */
    private SerialConnection port;

    public RtuModbusTransport(RtuSettings settings) {
        super(settings.endpoint());
        this.settings = settings;
    }

    /** A silent unit leaves the port open for the others; only a port that has failed is closed. */
    @Override
    ModbusResult.Failure linkFailed(String where, Exception e) {
        if (port != null && !port.isOpen()) {
            disconnect();
        }
        return new ModbusResult.Failure(FailureKind.NO_RESPONSE, where + ": no valid answer within "
                + settings.responseTimeout().toMillis() + " ms (" + e.getMessage() + ")");
    }

    @Override
    OpenLink openLink() throws LinkUnavailable {
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(settings.portName());
        parameters.setBaudRate(settings.baudRate());
        parameters.setDatabits(settings.dataBits());
        // j2mod's stop-bit codes are jSerialComm's: 1 = one, 2 = one and a half, 3 = two
        parameters.setStopbits(settings.stopBits() == 2 ? AbstractSerialConnection.TWO_STOP_BITS
                : AbstractSerialConnection.ONE_STOP_BIT);
        parameters.setParity(switch (settings.parity()) {
            case NONE -> AbstractSerialConnection.NO_PARITY;
            case EVEN -> AbstractSerialConnection.EVEN_PARITY;
            case ODD -> AbstractSerialConnection.ODD_PARITY;
        });
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(settings.echo());
        SerialConnection candidate = new SerialConnection(parameters);
        try {
            candidate.open();
        } catch (Exception e) {
            throw new LinkUnavailable("cannot open serial port: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        candidate.setTimeout((int) settings.responseTimeout().toMillis());
        ModbusSerialTransaction transaction = new ModbusSerialTransaction(candidate);
        transaction.setRetries(1); // one attempt: the caller's backoff decides when to try again
        transaction.setTransDelayMS((int) settings.interFrameDelay().toMillis());
        port = candidate;
        return new OpenLink(transaction, () -> {
            candidate.close();
            port = null;
        });
    }
}
