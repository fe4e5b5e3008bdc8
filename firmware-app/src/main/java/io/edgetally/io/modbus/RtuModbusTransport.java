package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * Modbus RTU over one RS-485 line on j2mod's serial transaction API. Several units share the line, so a unit
 * that does not answer costs one response timeout and nothing more: the port stays open for the others (the
 * per-unit backoff in {@link ModbusClient} keeps the silent one from costing that timeout every cycle). The
 * port is closed and reopened only when the port itself fails (adapter unplugged).
 */
public final class RtuModbusTransport implements ModbusTransport {

    private final RtuSettings settings;
    private SerialConnection connection;
    private ModbusSerialTransaction transaction;
    private long epoch;
    private boolean closed;

    public RtuModbusTransport(RtuSettings settings) {
        this.settings = settings;
    }

    @Override
    public String endpoint() {
        return settings.endpoint();
    }

    @Override
    public synchronized long connectionEpoch() {
        return epoch;
    }

    @Override
    public synchronized ModbusResult read(RegisterBlock block) {
        String where = endpoint() + " " + block.describe();
        if (closed) {
            return new ModbusResult.Failure(FailureKind.CLOSED, where + ": transport is closed");
        }
        if (connection == null) {
            String error = open();
            if (error != null) {
                return new ModbusResult.Failure(FailureKind.CONNECT, where + ": cannot open serial port: " + error);
            }
        }
        ModbusRequest request = switch (block.kind()) {
            case INPUT -> new ReadInputRegistersRequest(block.start(), block.count());
            case HOLDING -> new ReadMultipleRegistersRequest(block.start(), block.count());
        };
        request.setUnitID(block.unitId());
        transaction.setRequest(request);
        try {
            transaction.execute();
            return decode(block, transaction.getResponse(), where);
        } catch (ModbusSlaveException e) {
            return new ModbusResult.Failure(FailureKind.EXCEPTION_RESPONSE,
                    where + ": device answered exception code " + e.getType() + " (" + e.getMessage() + ")");
        } catch (ModbusException | RuntimeException e) {
            if (!connection.isOpen()) {
                disconnect();
            }
            return new ModbusResult.Failure(FailureKind.NO_RESPONSE, where + ": no valid answer within "
                    + settings.responseTimeout().toMillis() + " ms (" + e.getMessage() + ")");
        }
    }

    private static ModbusResult decode(RegisterBlock block, ModbusResponse response, String where) {
        InputRegister[] registers = switch (response) {
            case ReadInputRegistersResponse r when block.kind() == RegisterKind.INPUT -> r.getRegisters();
            case ReadMultipleRegistersResponse r when block.kind() == RegisterKind.HOLDING -> r.getRegisters();
            default -> null;
        };
        if (registers == null || registers.length != block.count()) {
            return new ModbusResult.Failure(FailureKind.PROTOCOL, where + ": unexpected answer "
                    + (response == null ? "(none)" : response.getClass().getSimpleName() + " " + response.getHexMessage()));
        }
        int[] words = new int[registers.length];
        for (int i = 0; i < words.length; i++) {
            words[i] = registers[i].toUnsignedShort();
        }
        return new ModbusResult.Registers(block, words);
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
        epoch++;
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

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
