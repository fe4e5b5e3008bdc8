import com.pi4j.library.gpiod.internal.GpioD;
import com.pi4j.library.linuxfs.LinuxFile;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads each native part that edgetally ships (sqlite-jdbc, JNA, Pi4J gpiod and linuxfs) and makes real calls
 * through it, printing one PASS or FAIL line per native. Run by run.sh under qemu-user with a Debian 12 ARM
 * Java 17 (Debian 12 has no Java 21), hence plain Java 17 and only the libraries' own APIs, not edgetally's.
 * Pi4J 3.0.4's classes need Java 21, so its natives are bound through same-named stand-in classes (stand-in/).
 * The exit status is the number of failures.
 */
public final class ArmNativeProbe {

    private record Result(String name, boolean pass, String detail) { }

    /** The libc calls edgetally's LibcDatagramSender makes, plus what a self-contained round trip needs. */
    public interface LibC extends Library {
        int getpid();

        int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrlen)
                throws LastErrorException;

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "jvm: %s %s, os.arch=%s, sun.arch.abi=%s, data model=%s bit%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.arch"), System.getProperty("sun.arch.abi", "-"),
                System.getProperty("sun.arch.data.model", "?"));
        System.out.println("uname -m (what sqlite-jdbc asks to pick its ARM library): " + unameMachine());
        List<Result> results = new ArrayList<>();
        results.add(run("sqlite-jdbc", ArmNativeProbe::sqlite));
        results.add(run("jna", ArmNativeProbe::jna));
        results.add(run("pi4j-gpiod", ArmNativeProbe::gpiod));
        results.add(run("pi4j-linuxfs", ArmNativeProbe::linuxfs));
        int failures = 0;
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%s  %-13s %s%n", r.pass() ? "PASS" : "FAIL", r.name(), r.detail());
            if (!r.pass()) {
                failures++;
            }
        }
        System.exit(failures);
    }

    private interface Check {
        String run() throws Exception;
    }

    private static Result run(String name, Check check) {
        long start = System.nanoTime();
        try {
            String detail = check.run();
            return new Result(name, true, detail + String.format(Locale.ROOT, " (%d ms)",
                    (System.nanoTime() - start) / 1_000_000));
        } catch (Throwable t) {
            StringBuilder chain = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (!(c instanceof InvocationTargetException)) {
                    chain.append(chain.length() == 0 ? "" : " <- ").append(c.getClass().getName()).append(": ")
                            .append(c.getMessage());
                }
            }
            return new Result(name, false, chain.toString());
        }
    }

    /** A WAL database in a temporary folder: create, insert, select, as edgetally's store does. */
    private static String sqlite() throws Exception {
        Path dir = Files.createTempDirectory("arm-probe-sqlite");
        Path db = dir.resolve("probe.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            String mode;
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
                mode = rs.getString(1);
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new IllegalStateException("journal_mode is " + mode + ", expected wal");
            }
            s.executeUpdate("CREATE TABLE reading (id INTEGER PRIMARY KEY, kwh REAL NOT NULL)");
            s.executeUpdate("INSERT INTO reading (kwh) VALUES (1234.5), (1240.25)");
            double sum;
            try (ResultSet rs = s.executeQuery("SELECT sum(kwh) FROM reading")) {
                rs.next();
                sum = rs.getDouble(1);
            }
            if (sum != 2474.75) {
                throw new IllegalStateException("sum(kwh) = " + sum + ", expected 2474.75");
            }
            String version;
            try (ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                version = rs.getString(1);
            }
            boolean walFile = Files.exists(dir.resolve("probe.db-wal"));
            return "SQLite " + version + ", native " + nativeFolder() + ", WAL file present: " + walFile;
        }
    }

    private static String unameMachine() {
        try {
            Process p = new ProcessBuilder("uname", "-m").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "(cannot run uname: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static String nativeFolder() {
        try {
            Class<?> osInfo = Class.forName("org.sqlite.util.OSInfo");
            return (String) osInfo.getMethod("getNativeLibFolderPathForCurrentOS").invoke(null);
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    /** libc through JNA: getpid, then a unix datagram round trip through the same sendto signature. */
    private static String jna() throws Exception {
        LibC c = Native.load("c", LibC.class);
        int pid = c.getpid();
        if (pid != ProcessHandle.current().pid()) {
            throw new IllegalStateException("getpid() = " + pid + ", JVM says " + ProcessHandle.current().pid());
        }
        int[] fds = new int[2];
        c.socketpair(1, 2 | 0x80000, 0, fds); // AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC
        try {
            byte[] message = "READY=1\nWATCHDOG=1".getBytes(StandardCharsets.US_ASCII);
            long sent = c.sendto(fds[0], message, new NativeLong(message.length), 0x4000, null, 0).longValue();
            byte[] buffer = new byte[64];
            long received = c.recv(fds[1], buffer, new NativeLong(buffer.length), 0).longValue();
            String echo = new String(buffer, 0, (int) received, StandardCharsets.US_ASCII);
            if (sent != message.length || !echo.equals(new String(message, StandardCharsets.US_ASCII))) {
                throw new IllegalStateException("datagram round trip sent " + sent + ", received '" + echo + "'");
            }
        } finally {
            c.close(fds[0]);
            c.close(fds[1]);
        }
        return "JNA " + Native.VERSION + " (native " + Native.VERSION_NATIVE + "), getpid " + pid
                + ", datagram sendto/recv round trip ok";
    }

    /**
     * What Pi4J's loader does: take lib/<arch>/pi4j-gpiod/libgpiod.so and libpi4j-gpiod.so out of the jar named
     * by -Dprobe.pi4j.gpiod.jar and System.load them, libgpiod first. Then real calls through the JNI library:
     * libgpiod's version, and opening a chip (a Pi has /dev/gpiochip0; qemu-user has none, so null is expected).
     */
    private static String gpiod() throws Exception {
        String jar = System.getProperty("probe.pi4j.gpiod.jar");
        load(jar, "pi4j-gpiod", "libgpiod.so");
        load(jar, "pi4j-gpiod", "libpi4j-gpiod.so");
        String version = GpioD.c_gpiod_version_string();
        String chip = Files.exists(Path.of("/dev/gpiochip0")) ? "/dev/gpiochip0" : "/dev/gpiochip-absent";
        Long handle = GpioD.c_gpiod_chip_open(chip);
        return "libgpiod " + version + " from lib/" + pi4jArch() + ", gpiod_chip_open(" + chip + ") -> "
                + (handle == null ? "null" : "handle");
    }

    /** libpi4j-linuxfs.so from its jar; then the file descriptor of an open file, and strerror(ENOENT). */
    private static String linuxfs() throws Exception {
        load(System.getProperty("probe.pi4j.linuxfs.jar"), "pi4j-linuxfs", "libpi4j-linuxfs.so");
        String text = LinuxFile.strerror(2);
        if (!text.contains("No such file")) {
            throw new IllegalStateException("strerror(ENOENT) = '" + text + "'");
        }
        int fd;
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            fd = LinuxFile.getPosixFD(in.getFD());
        }
        if (fd < 0) {
            throw new IllegalStateException("getPosixFD of an open file = " + fd);
        }
        return "from lib/" + pi4jArch() + ", strerror(ENOENT) = '" + text + "', getPosixFD = " + fd;
    }

    /** Pi4J's folder names: aarch64 for 64-bit ARM, armhf for 32-bit. */
    private static String pi4jArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "aarch64" -> "aarch64";
            case "arm" -> "armhf";
            default -> throw new IllegalStateException("Pi4J ships no natives for os.arch=" + arch);
        };
    }

    private static void load(String jar, String folder, String library) throws IOException {
        if (jar == null) {
            throw new IllegalStateException("no -Dprobe.pi4j.*.jar given for " + library);
        }
        String entry = "lib/" + pi4jArch() + "/" + folder + "/" + library;
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw new IllegalStateException(jar + " has no " + entry);
            }
            Path out = Files.createTempDirectory("arm-probe-" + folder).resolve(library);
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, out);
            }
            System.load(out.toString());
        }
    }
}
