package io.edgetally.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier against real unix datagram sockets, bound the way systemd binds its notify socket. */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    @Test
    void tellsSystemdReadyStatusWatchdogAndStoppingThroughASocketPath() {
        String socket = dir.resolve("notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket));
            assertThat(notifier.active()).isTrue();

            notifier.ready();
            notifier.status("curing: yellowing, step 2 of 9");
            notifier.watchdog();
            notifier.stopping();

            assertThat(systemd.drain()).containsExactly(
                    "READY=1", "STATUS=curing: yellowing, step 2 of 9", "WATCHDOG=1", "STOPPING=1");
        }
    }

    @Test
    void reachesAnAbstractSocketAsSystemdMayNameIt() throws Exception {
        String socket = "@edgetally-test-" + UUID.randomUUID();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            // the kernel's own list shows the name systemd would see: the encoding is checked, not just symmetric
            assertThat(Files.readAllLines(Path.of("/proc/net/unix")))
                    .anySatisfy(line -> assertThat(line).endsWith(" " + socket));
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket));

            notifier.watchdog();

            assertThat(systemd.drain()).containsExactly("WATCHDOG=1");
        }
    }

    @Test
    void aStatusTextCannotSmuggleInAnotherAssignment() {
        String socket = dir.resolve("notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket));

            notifier.status("probe 28-0316 open\nREADY=1");

            assertThat(systemd.drain()).containsExactly("STATUS=probe 28-0316 open READY=1");
        }
    }

    @Test
    void asksForMoreStartTimeInMicroseconds() {
        String socket = dir.resolve("notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket)).extendTimeout(Duration.ofSeconds(90));

            assertThat(systemd.drain()).containsExactly("EXTEND_TIMEOUT_USEC=90000000");
        }
    }

    @Test
    void withoutNotifySocketEveryCallDoesNothing() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of());

        notifier.ready();
        notifier.watchdog();
        notifier.status("anything");
        notifier.stopping();

        assertThat(notifier.active()).isFalse();
        assertThat(notifier.send("READY=1")).isFalse();
        assertThat(notifier.watchdogInterval()).isEmpty();
    }

    @Test
    void aSocketThatIsGoneIsReportedNotThrownAndTheNextCycleRecovers() {
        Path socket = dir.resolve("notify");
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()));
        assertThat(Files.exists(socket)).isFalse();

        assertThat(notifier.send("WATCHDOG=1")).isFalse();

        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket.toString())) {
            assertThat(notifier.send("WATCHDOG=1")).isTrue();
            assertThat(systemd.drain()).containsExactly("WATCHDOG=1");
        }
    }

    @Test
    void aRuntimeWithoutTheNativeLibraryDoesNotStopTheControlLoop() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 1,
                (address, message) -> {
                    throw new UnsatisfiedLinkError("no jnidispatch for this board");
                });

        notifier.watchdog();

        assertThat(notifier.send("WATCHDOG=1")).isFalse();
    }

    @Test
    void aNotifySocketThatIsNeitherPathNorAbstractNameDisablesNotification() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"));

        assertThat(notifier.active()).isFalse();
        assertThatThrownBy(() -> SystemdNotifier.sockaddr("run/notify"))
                .hasMessageContaining("NOTIFY_SOCKET='run/notify'")
                .hasMessageContaining("neither a socket path");
        assertThatThrownBy(() -> SystemdNotifier.sockaddr("/" + "x".repeat(107)))
                .hasMessageContaining("longer than the 107 bytes");
    }

    @Test
    void encodesPathsWithTheirTerminatorAndAbstractNamesWithoutOne() {
        assertThat(SystemdNotifier.sockaddr("/run/systemd/notify")).hasSize(2 + 19 + 1).endsWith(0);
        byte[] abstractName = SystemdNotifier.sockaddr("@sd");
        assertThat(abstractName).hasSize(2 + 3);
        assertThat(abstractName[2]).isZero();
        assertThat(abstractName[4]).isEqualTo((byte) 'd');
    }

    @Test
    void theWatchdogPeriodIsOursOnlyWhenWatchdogPidNamesThisProcess() {
        Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "60000000",
                "WATCHDOG_PID", "4242");

        assertThat(SystemdNotifier.fromEnvironment(env, 4242, (a, m) -> {}).watchdogInterval())
                .contains(Duration.ofSeconds(60));
        assertThat(SystemdNotifier.fromEnvironment(env, 77, (a, m) -> {}).watchdogInterval()).isEmpty();
        assertThat(SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 77, (a, m) -> {})
                .watchdogInterval()).contains(Duration.ofSeconds(30));
        assertThat(SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "soon"), 77, (a, m) -> {})
                .watchdogInterval()).isEmpty();
    }
}
