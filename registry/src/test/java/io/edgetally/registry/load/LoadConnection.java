package io.edgetally.registry.load;

import io.edgetally.protocol.mqtt.Ack;
import io.edgetally.protocol.mqtt.SignedAck;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;

/**
 * One MQTT 3.1.1 connection of the load generator, on a plain socket: PUBLISH packets at QoS 1 whose topic part is
 * encoded once per device and whose payload is written straight from the precomputed chain (no copy, no message
 * object), a bounded window of unacknowledged publishes, and a reader that PUBACKs the registry's acks and hands
 * each one to a callback. A benchmark tool, not a client for devices: no persistence, no TLS, no reconnect of its
 * own (the generator opens a new connection and republishes from the last ack, as a device's outbox does).
 * Measured as the generator's CPU, so that the registry, and not the load, is what a run measures.
 */
final class LoadConnection implements AutoCloseable {

    private static final int WINDOW = 1_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Semaphore window = new Semaphore(WINDOW);
    private final Thread reader;
    private final ObjLongConsumer<String> onAck;
    private volatile boolean open = true;
    private int nextId = 1;

    /** Connects with a clean session, subscribes to {@code ackTopics} (QoS 1), and starts reading. */
    LoadConnection(String brokerUri, String clientId, List<String> ackTopics, ObjLongConsumer<String> onAck)
            throws IOException {
        URI u = URI.create(brokerUri);
        if (!"tcp".equals(u.getScheme())) {
            throw new IllegalArgumentException("the load generator speaks plain tcp://, found " + brokerUri);
        }
        this.onAck = onAck;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(1 << 20);
        socket.setSendBufferSize(1 << 20);
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 256 * 1024));
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        // CONNECT: "MQTT", level 4, clean session, keep-alive 0 (none: a benchmark connection is never idle long)
        byte[] connect = new byte[10 + 2 + id.length];
        System.arraycopy(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0}, 0, connect, 0, 10);
        connect[10] = (byte) (id.length >> 8);
        connect[11] = (byte) id.length;
        System.arraycopy(id, 0, connect, 12, id.length);
        writePacket(0x10, connect);
        out.flush();
        int type = in.readUnsignedByte();
        byte[] connack = body(in, remainingLength(in));
        if (type != 0x20 || connack.length < 2 || connack[1] != 0) {
            socket.close();
            throw new IOException(clientId + ": the broker refused the connection (CONNACK " + (connack.length > 1
                    ? connack[1] : -1) + ")");
        }
        subscribe(ackTopics);
        reader = Thread.ofPlatform().daemon().name("loadgen-read-" + clientId).start(this::readLoop);
    }

    private void subscribe(List<String> topics) throws IOException {
        int subscriptions = 0;
        for (int i = 0; i < topics.size(); i += 200) {
            List<String> part = topics.subList(i, Math.min(topics.size(), i + 200));
            int len = 2;
            for (String t : part) {
                len += 2 + t.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            byte[] b = new byte[len];
            int id = nextId();
            b[0] = (byte) (id >> 8);
            b[1] = (byte) id;
            int n = 2;
            for (String t : part) {
                byte[] tb = t.getBytes(StandardCharsets.UTF_8);
                b[n++] = (byte) (tb.length >> 8);
                b[n++] = (byte) tb.length;
                System.arraycopy(tb, 0, b, n, tb.length);
                n += tb.length;
                b[n++] = 1;
            }
            writePacket(0x82, b);
            subscriptions++;
        }
        out.flush();
        // SUBACKs come before anything published to us (nothing is until we publish)
        for (int i = 0; i < subscriptions; i++) {
            int type = in.readUnsignedByte();
            byte[] b = body(in, remainingLength(in));
            if (type != 0x90) {
                throw new IOException("expected SUBACK, found packet type " + (type >> 4));
            }
            for (int k = 2; k < b.length; k++) {
                if ((b[k] & 0xff) == 0x80) {
                    throw new IOException("the broker refused an ack subscription");
                }
            }
        }
    }

    /** The topic part of a PUBLISH (length-prefixed topic), encoded once per device. */
    static byte[] topicPart(String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[2 + t.length];
        b[0] = (byte) (t.length >> 8);
        b[1] = (byte) t.length;
        System.arraycopy(t, 0, b, 2, t.length);
        return b;
    }

    /** Publishes at QoS 1; blocks while the window of unacknowledged publishes is full. */
    void publish(byte[] topicPart, byte[] payload) throws IOException, InterruptedException {
        if (!window.tryAcquire()) {
            flush();
            while (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                if (!open) {
                    throw new IOException("connection closed");
                }
            }
        }
        synchronized (this) {
            int id = nextId();
            int remaining = topicPart.length + 2 + payload.length;
            out.write(0x32);
            writeLength(remaining);
            out.write(topicPart);
            out.write(id >> 8);
            out.write(id);
            out.write(payload);
        }
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    boolean isOpen() {
        return open;
    }

    private int nextId() {
        int id = nextId;
        nextId = id == 65_535 ? 1 : id + 1;
        return id;
    }

    private void readLoop() {
        try {
            while (open) {
                int type = in.readUnsignedByte();
                int len = remainingLength(in);
                switch (type >> 4) {
                    case 4 -> { // PUBACK of one of our reports
                        in.readUnsignedShort();
                        window.release();
                    }
                    case 3 -> { // an ack from the registry
                        byte[] b = body(in, len);
                        int qos = (type >> 1) & 3;
                        int topicLen = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
                        String topic = new String(b, 2, topicLen, StandardCharsets.UTF_8);
                        int at = 2 + topicLen;
                        if (qos > 0) {
                            int id = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
                            at += 2;
                            synchronized (this) {
                                out.write(0x40);
                                out.write(2);
                                out.write(id >> 8);
                                out.write(id);
                                if (in.available() == 0) {
                                    out.flush();
                                }
                            }
                        }
                        byte[] payload = java.util.Arrays.copyOfRange(b, at, b.length);
                        onAck.accept(topic, seqOf(topic, payload));
                    }
                    default -> in.skipNBytes(len);
                }
            }
        } catch (EOFException e) {
            open = false;
        } catch (IOException | RuntimeException e) {
            if (open) {
                System.err.println("load generator connection: " + e);
            }
            open = false;
        } finally {
            window.release(WINDOW); // wake a publisher waiting on a dead connection
        }
    }

    private void writePacket(int type, byte[] body) throws IOException {
        out.write(type);
        writeLength(body.length);
        out.write(body);
    }

    private void writeLength(int n) throws IOException {
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static byte[] body(DataInputStream in, int len) throws IOException {
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    @Override
    public void close() {
        open = false;
        try {
            synchronized (this) {
                out.write(0xE0);
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The seq an ack acknowledges: an {@code edgetally.ack/2} is decoded in full; a contract v1 ack (only
     * {@code seq}, what the old reference registry sent) is read as a v1 device reads it, so the same load can be
     * pointed at a registry of either contract.
     */
    private static long seqOf(String topic, byte[] payload) {
        return payload.length > 0 && new String(payload, StandardCharsets.UTF_8).contains("\"schema\"")
                ? SignedAck.decode(topic, payload).seq() : Ack.decode(topic, payload).seq();
    }
}
