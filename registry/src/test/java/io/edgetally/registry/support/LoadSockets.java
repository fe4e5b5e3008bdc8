package io.edgetally.registry.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The registry's buffered sockets, again for the test and load-generator clients. Plain TCP sockets whose input is
 * buffered. Paho reads each MQTT packet header a byte at a time from the socket
 * stream it is given; unbuffered, that is a system call per byte, which measured as much CPU as verifying the
 * report's signature. Buffered, a burst of reports is read in a few calls.
 */
final class LoadSockets extends SocketFactory {

    private static final int BUFFER = 64 * 1024;

    private static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Buffered(super.getInputStream());
            }
            return in;
        }
    }

    /**
     * Buffered, and without the lock {@code BufferedInputStream} takes per call: Paho's counting stream reads a
     * packet's payload through the one-byte {@code read()}, so that call must be cheap. One reader thread only.
     */
    private static final class Buffered extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[BUFFER];
        private int pos;
        private int end;

        Buffered(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == end && !fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (end - pos) + in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }
}
