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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Modbus TCP gateway on loopback with simulated devices behind it, one j2mod {@link ProcessImage} per unit id
 * (a {@link SimRelayBoard}, a {@link SimTemperatureTransmitter}, ...): what an RS-485-to-Ethernet gateway with
 * several devices on its line looks like to the controller. A unit id nobody has is answered with exception
 * 0B, as a gateway does. Socket handling as in {@link SimModbusMeterServer}: independent servers, connections
 * dropped on {@link #close()}, the same port again on {@link #start()}. Thread-safe.
 */
public final class SimModbusTcpServer implements AutoCloseable {

    /** Modbus exception 0B: what a TCP gateway answers for a unit id nobody behind it has. */
    private static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;

    private final String name;
    private final Map<Integer, ProcessImage> units = new ConcurrentHashMap<>();
    private final Map<Integer, UnitFault> faults = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final UnitListener listener = new UnitListener();

    private ServerSocket serverSocket;
    private Thread acceptor;
    private int port;

    /** @param name for thread names, e.g. {@code "relay-board"} */
    public SimModbusTcpServer(String name) {
        this.name = name;
    }

    /** Puts a device behind the gateway at {@code unitId}. */
    public SimModbusTcpServer unit(int unitId, ProcessImage image) {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, got " + unitId);
        }
        if (units.putIfAbsent(unitId, image) != null) {
            throw new IllegalArgumentException("unit " + unitId + " is already served by " + name);
        }
        return this;
    }

    /** How a unit behind the gateway misbehaves. */
    public enum UnitFault {
        NONE,
        /** requests are read and dropped: the client times out, as with a device that lost power */
        SILENT,
        /** every request is answered with exception 04, slave device failure */
        EXCEPTION
    }

    public void setFault(int unitId, UnitFault fault) {
        faults.put(unitId, fault);
    }

    /** A unit that stops answering (requests to it are dropped: the client times out), or answers again. */
    public void setSilent(int unitId, boolean silent) {
        setFault(unitId, silent ? UnitFault.SILENT : UnitFault.NONE);
    }

    /** Requests answered with data since construction (not counting dropped or exception answers). */
    public long requestsAnswered() {
        return answered.get();
    }

    public synchronized int start() {
        return start(port);
    }

    /** Listens on 127.0.0.1:{@code requestedPort} (0 = any free port). @return the bound port */
    public synchronized int start(int requestedPort) {
        if (serverSocket != null) {
            throw new IllegalStateException("simulated " + name + " already listening on port " + port);
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 50);
            serverSocket = socket;
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("simulated " + name + " cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        ServerSocket accepting = serverSocket;
        acceptor = Thread.ofPlatform().daemon().name("sim-" + name + "-" + port).start(() -> acceptLoop(accepting));
        return port;
    }

    public synchronized int port() {
        return port;
    }

    public String endpoint() {
        return "tcp://127.0.0.1:" + port();
    }

    private void acceptLoop(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket socket = accepting.accept();
                connections.add(socket);
                Thread.ofPlatform().daemon().name("sim-" + name + "-conn-" + port).start(() -> serve(socket));
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
            // the client went away or the server closed
        } finally {
            connections.remove(socket);
        }
    }

    private ModbusResponse answer(ModbusRequest request) {
        int unit = request.getUnitID();
        if (!units.containsKey(unit)) {
            return request.createExceptionResponse(GATEWAY_TARGET_FAILED_TO_RESPOND);
        }
        switch (faults.getOrDefault(unit, UnitFault.NONE)) {
            case SILENT:
                return null;
            case EXCEPTION:
                return request.createExceptionResponse(Modbus.SLAVE_DEVICE_FAILURE);
            default:
                break;
        }
        try {
            ModbusResponse response = request.createResponse(listener);
            answered.incrementAndGet();
            return response;
        } catch (RuntimeException e) {
            return request.createExceptionResponse(Modbus.SLAVE_DEVICE_FAILURE);
        }
    }

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

    /** Hands j2mod's request classes the image of the unit the request is for. */
    private final class UnitListener extends ModbusTCPListener {
        UnitListener() {
            super(1);
        }

        @Override
        public ProcessImage getProcessImage(int unitId) {
            return units.get(unitId);
        }
    }
}
