package io.edgetally.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;

/**
 * Unix-domain datagrams through libc, which the JDK cannot send ({@code SocketChannel} has unix sockets for
 * streams only). One socket per message, as {@code sd_notify} does: nothing to keep open, nothing to share
 * between threads, and it survives a restart of systemd itself. A notification is sent every control cycle at
 * most, so the extra system calls cost nothing that matters.
 */
final class LibcDatagramSender implements SystemdNotifier.DatagramSender {

    // Linux values for ARM (32 and 64 bit) and x86; they differ only on MIPS and SPARC.
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;

    /** The libc calls used; {@code LastErrorException} carries errno. size_t and ssize_t are C longs on Linux. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrlen)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private volatile LibC libc;

    /** Binds libc on first use, so a process that never notifies never loads JNA's native part. */
    private LibC libc() {
        LibC l = libc;
        if (l == null) {
            l = Native.load("c", LibC.class);
            libc = l;
        }
        return l;
    }

    @Override
    public void send(byte[] sockaddr, byte[] message) throws IOException {
        LibC c = libc();
        int fd;
        try {
            fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + e.getMessage(), e);
        }
        try {
            long sent = c.sendto(fd, message, new NativeLong(message.length), MSG_NOSIGNAL, sockaddr, sockaddr.length)
                    .longValue();
            if (sent != message.length) {
                throw new IOException("sendto sent " + sent + " of " + message.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new IOException("sendto: " + e.getMessage(), e);
        } finally {
            try {
                c.close(fd);
            } catch (LastErrorException ignored) {
                // close of a datagram socket that sent nothing pending cannot lose data
            }
        }
    }
}
