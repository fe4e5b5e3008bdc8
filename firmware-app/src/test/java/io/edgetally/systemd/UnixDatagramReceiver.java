package io.edgetally.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real unix datagram socket bound to an address, as systemd binds /run/systemd/notify. Linux only. */
final class UnixDatagramReceiver implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc = Native.load("c", LibC.class);
    private final int fd;

    /** Binds to NOTIFY_SOCKET-style {@code name}: a path, or {@code @abstract}. */
    UnixDatagramReceiver(String name) {
        fd = libc.socket(AF_UNIX, SOCK_DGRAM, 0);
        byte[] addr = SystemdNotifier.sockaddr(name);
        libc.bind(fd, addr, addr.length);
    }

    /**
     * Every datagram queued now. A datagram to a local socket is queued before {@code sendto} returns, so there is
     * nothing to wait for.
     */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[4096];
        while (true) {
            long n;
            try {
                n = libc.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return out;
                }
                throw e;
            }
            out.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
