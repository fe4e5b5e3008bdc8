package io.edgetally.sim.io;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.net.ModbusTCPListener;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A simulated kWh meter (Eastron SDM630 or SDM120, Chint DDSU666) answering Modbus TCP on loopback, as a real meter behind a TCP gateway does.
 * Frames are parsed and built by j2mod ({@link ModbusTCPTransport}, its request classes and a
 * {@link ProcessImage}); sockets are this class's own, because j2mod's slave factory keys servers by port in
 * static state, cannot report the port picked for port 0, and leaves open connections served after a stop.
 * Here every server is independent, {@link #close()} drops its connections, and {@link #start()} after a close
 * binds the same port again. Faults: stop answering ({@link Fault#SILENT}) or answer exception 04.
 * Thread-safe; the suppliers are called from connection threads and must be too.
 */
public final class SimModbusMeterServer implements AutoCloseable {

    public enum Model { SDM630, SDM120, DDSU666 }

    public enum Fault {
        NONE,
        /** requests are read and dropped: the client times out, as with a meter that lost power behind a gateway */
        SILENT,
        /** every request is answered with exception 04, slave device failure */
        EXCEPTION
    }

    /** Modbus exception 0B: what a TCP gateway answers for a unit id nobody behind it has. */
    private static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;

    private final Model model;
    private final int unitId;
    private final ImageListener listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong answered = new AtomicLong();
    private volatile Fault fault = Fault.NONE;
    private volatile long serialNumber;

    private ServerSocket serverSocket;
    private Thread acceptor;
    private int port;

    public SimModbusMeterServer(Model model, int unitId, long serialNumber, DoubleSupplier importKwh,
            DoubleSupplier powerW) {
        if (serialNumber < 1 || serialNumber > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("serial number must fit a uint32 and not be 0 or all ones: "
                    + serialNumber);
        }
        this.model = model;
        this.unitId = unitId;
        this.serialNumber = serialNumber;
        this.listener = new ImageListener(new MeterRegisterImage(model, unitId, importKwh, powerW,
                () -> this.serialNumber));
    }

    /** Starts on the port it had before, or on any free port the first time. @return the bound port */
    public synchronized int start() {
        return start(port);
    }

    /** Starts listening on 127.0.0.1:{@code requestedPort} (0 = any free port). @return the bound port */
    public synchronized int start(int requestedPort) {
        if (serverSocket != null) {
            throw new IllegalStateException("simulated " + model + " already listening on port " + port);
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true); // rebinding right after close, while old connections sit in TIME_WAIT
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 50);
            serverSocket = socket;
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("simulated " + model + " cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        ServerSocket accepting = serverSocket;
        acceptor = Thread.ofPlatform().daemon().name("sim-" + model + "-" + port).start(() -> acceptLoop(accepting));
        return port;
    }

    /** The bound port (also after {@link #close()}, for a restart on it). */
    public synchronized int port() {
        return port;
    }

    public void setFault(Fault fault) {
        this.fault = fault;
    }

    /** Another meter now answers at this address (a replaced meter). */
    public void setSerialNumber(long serialNumber) {
        this.serialNumber = serialNumber;
    }

    /** Requests answered with data since construction (not counting dropped or exception answers). */
    public long requestsAnswered() {
        return answered.get();
    }

    public String endpoint() {
        return "tcp://127.0.0.1:" + port();
    }

    private void acceptLoop(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket socket = accepting.accept();
                connections.add(socket);
                Thread.ofPlatform().daemon().name("sim-" + model + "-conn-" + port).start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            ModbusTCPTransport transport = new ModbusTCPTransport(socket);
            while (!socket.isClosed()) {
                ModbusRequest request = transport.readRequest(listener);
                ModbusResponse response = answer(request);
                if (response != null) {
                    transport.writeResponse(response);
                }
            }
        } catch (ModbusIOException | IOException e) {
            // the client went away or the server closed: nothing to answer any more
        } finally {
            connections.remove(socket);
        }
    }

    private ModbusResponse answer(ModbusRequest request) {
        if (request.getUnitID() != unitId) {
            return request.createExceptionResponse(GATEWAY_TARGET_FAILED_TO_RESPOND);
        }
        return switch (fault) {
            case SILENT -> null;
            case EXCEPTION -> request.createExceptionResponse(Modbus.SLAVE_DEVICE_FAILURE);
            case NONE -> {
                ModbusResponse response = request.createResponse(listener);
                answered.incrementAndGet();
                yield response;
            }
        };
    }

    /** Stops listening and drops every open connection; {@link #start()} may follow. */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            if (serverSocket == null) {
                return;
            }
            try {
                serverSocket.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
            serverSocket = null;
            stopping = acceptor;
            acceptor = null;
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        connections.clear();
        try {
            stopping.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives j2mod's request classes this server's register image, with none of the listener's static state. */
    private static final class ImageListener extends ModbusTCPListener {
        private final ProcessImage image;

        ImageListener(ProcessImage image) {
            super(1);
            this.image = image;
        }

        @Override
        public ProcessImage getProcessImage(int unitId) {
            return image;
        }
    }
}
