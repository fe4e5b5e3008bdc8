package io.edgetally.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd notify protocol ({@code sd_notify(3)}): newline-separated {@code KEY=VALUE} lines in one datagram to
 * the unix socket named by {@code $NOTIFY_SOCKET}, which systemd sets for a {@code Type=notify} service.
 *
 * <p>Without {@code NOTIFY_SOCKET} (a developer's shell, the simulator, tests) every call does nothing. Failures
 * to send are logged once, when they start and when they stop, and never thrown: the control loop goes on.
 */
public final class SystemdNotifier implements ServiceNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    /** {@code struct sockaddr_un}: a 2-byte family and 108 bytes of path. */
    static final int SUN_PATH_BYTES = 108;
    static final short AF_UNIX = 1;

    /** Sends one datagram to a unix socket address; the address is a {@code struct sockaddr_un} prefix. */
    interface DatagramSender {
        void send(byte[] sockaddr, byte[] message) throws IOException;
    }

    private final Optional<Target> target;
    private final Optional<Duration> watchdogInterval;
    private final DatagramSender sender;
    private final AtomicBoolean failing = new AtomicBoolean();

    /** The socket to notify: its printable name (as in NOTIFY_SOCKET) and its encoded address. */
    record Target(String name, byte[] sockaddr) {}

    SystemdNotifier(Optional<Target> target, Optional<Duration> watchdogInterval, DatagramSender sender) {
        this.target = target;
        this.watchdogInterval = watchdogInterval;
        this.sender = sender;
    }

    /**
     * Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} from {@code env} (pass
     * {@code System.getenv()}). libc is bound through JNA only when there is a socket to notify.
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, ProcessHandle.current().pid(), new LibcDatagramSender());
    }

    static SystemdNotifier fromEnvironment(Map<String, String> env, long ownPid, DatagramSender sender) {
        Optional<Target> target = Optional.ofNullable(env.get("NOTIFY_SOCKET"))
                .filter(s -> !s.isEmpty())
                .flatMap(SystemdNotifier::target);
        return new SystemdNotifier(target, watchdogInterval(env, ownPid), sender);
    }

    private static Optional<Target> target(String notifySocket) {
        try {
            return Optional.of(new Target(notifySocket, sockaddr(notifySocket)));
        } catch (IllegalArgumentException e) {
            LOG.warn("systemd notify disabled: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Encodes NOTIFY_SOCKET as a {@code struct sockaddr_un} of exactly the length to pass to {@code sendto}:
     * a path ({@code /run/systemd/notify}) ends with a NUL; an abstract name ({@code @...}) starts with a NUL byte
     * in place of the {@code @} and has no terminator, its length being part of the name.
     */
    static byte[] sockaddr(String notifySocket) {
        boolean isAbstract = notifySocket.startsWith("@");
        if (!isAbstract && !notifySocket.startsWith("/")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET='" + notifySocket
                    + "' is neither a socket path (/...) nor an abstract socket name (@...)");
        }
        byte[] name = notifySocket.getBytes(StandardCharsets.UTF_8);
        int pathBytes = isAbstract ? name.length : name.length + 1;
        if (pathBytes > SUN_PATH_BYTES) {
            throw new IllegalArgumentException("NOTIFY_SOCKET='" + notifySocket + "' is longer than the "
                    + (SUN_PATH_BYTES - 1) + " bytes a unix socket address holds");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder());
        b.putShort(AF_UNIX);
        b.put(name);
        byte[] out = b.array();
        if (isAbstract) {
            out[2] = 0;
        }
        return out;
    }

    /**
     * The watchdog period systemd expects pings within, when it watches this process. The control cycle must be
     * well under half of it; {@code run} can check its configured cycle against this.
     */
    public Optional<Duration> watchdogInterval() {
        return watchdogInterval;
    }

    private static Optional<Duration> watchdogInterval(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        String pid = env.get("WATCHDOG_PID");
        try {
            // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited it must not ping
            if (pid != null && !pid.isBlank() && Long.parseLong(pid.strip()) != ownPid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1_000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC='{}' / WATCHDOG_PID='{}': expected whole numbers", usec, pid);
            return Optional.empty();
        }
    }

    /** True when there is a supervisor to tell (NOTIFY_SOCKET was set and is a valid address). */
    public boolean active() {
        return target.isPresent();
    }

    @Override
    public void ready() {
        send("READY=1");
    }

    @Override
    public void watchdog() {
        send("WATCHDOG=1");
    }

    @Override
    public void status(String text) {
        // one line: a newline would start a new KEY=VALUE assignment (e.g. a forged READY=1)
        send("STATUS=" + text.replace('\n', ' ').replace('\r', ' '));
    }

    @Override
    public void stopping() {
        send("STOPPING=1");
    }

    /** Asks for more time for the current start or stop (e.g. a long database migration on a slow SD card). */
    public void extendTimeout(Duration extra) {
        send("EXTEND_TIMEOUT_USEC=" + Math.max(1, extra.toNanos() / 1_000));
    }

    /**
     * Sends one notification ({@code KEY=VALUE} lines). Returns whether it was handed to the socket; false when
     * there is no supervisor or sending failed (logged). Never throws.
     */
    public boolean send(String message) {
        if (target.isEmpty()) {
            return false;
        }
        Target t = target.get();
        try {
            sender.send(t.sockaddr(), message.getBytes(StandardCharsets.UTF_8));
            if (failing.compareAndSet(true, false)) {
                LOG.info("systemd notify to {} works again", t.name());
            }
            return true;
        } catch (Exception | LinkageError e) {
            // LinkageError: JNA's native part cannot load on this board; the service still controls, unwatched
            if (failing.compareAndSet(false, true)) {
                LOG.warn("systemd notify to {} failed ({}); the service may be restarted by its watchdog. "
                        + "Logged once until it works again.", t.name(), e.toString());
            }
            return false;
        }
    }
}
