package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import java.util.Optional;
import java.util.function.Function;

/**
 * Modbus RTU over one RS-485 line on j2mod's serial transaction API. Several units share the line, so a unit
 * that does not answer costs one response timeout and nothing more: the port stays open for the others (the
 * per-unit backoff in {@link ModbusClient} keeps the silent one from costing that timeout every cycle). The
 * port is closed and reopened only when the port itself fails (adapter unplugged).
 */
public final class RtuModbusTransport extends J2modTransport {

    private final RtuSettings settings;
    private SerialConnection connection;
    private ModbusSerialTransaction transaction;

    public RtuModbusTransport(RtuSettings settings) {
        super(settings.endpoint());
        this.settings = settings;
    }

    @Override
    ModbusResult exchange(String what, ModbusRequest request,
            Function<ModbusResponse, Optional<ModbusResult.Registers>> decode) {
        String where = endpoint() + " " + what;
        if (connection == null) {
            String error = open();
            if (error != null) {
                return new ModbusResult.Failure(FailureKind.CONNECT, where + ": cannot open serial port: " + error);
            }
        }
        transaction.setRequest(request);
        try {
            transaction.execute();
            ModbusResponse response = transaction.getResponse();
            return decode.apply(response).<ModbusResult>map(r -> r).orElseGet(() -> unexpected(where, response));
        } catch (ModbusSlaveException e) {
            return exceptionAnswer(where, e);
        } catch (ModbusException | RuntimeException e) {
            if (!connection.isOpen()) {
                disconnect();
            }
            return new ModbusResult.Failure(FailureKind.NO_RESPONSE, where + ": no valid answer within "
                    + settings.responseTimeout().toMillis() + " ms (" + e.getMessage() + ")");
        }
    }

    /** @return null when open, else what went wrong */
    private String open() {
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
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        candidate.setTimeout((int) settings.responseTimeout().toMillis());
        ModbusSerialTransaction tx = new ModbusSerialTransaction(candidate);
        tx.setRetries(1); // one attempt: the caller's backoff decides when to try again
        tx.setTransDelayMS((int) settings.interFrameDelay().toMillis());
        connection = candidate;
        transaction = tx;
        opened();
        return null;
    }

    @Override
    public synchronized void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
            transaction = null;
        }
    }
}
