package io.edgetally.sim.standalone;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * What a simulated site run as its own process ({@code edgetally sim barn|station}) does the same for both kinds: it
 * lives in real time (or faster), prints the config that points {@code edgetally run} at it, and runs until killed,
 * closing itself (and saving its world) before the JVM ends.
 */
final class RealTime {

    /** The {@code --speed} help of both commands. */
    static final String SPEED_HELP = "simulated seconds per second, above 0 and at most 10000 (default 1: edgetally "
            + "run follows the wall clock, so only 1 works with it)";

    private RealTime() {}

    /** A body that may fail as a command does. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Every {@code tick} of the wall clock, lets the site live through the time that passed times {@code speed}, until
     * the thread is interrupted. A gap longer than a minute (the machine slept) is taken as one minute, so the site
     * does not leap.
     */
    static void runUntilInterrupted(Clock wall, Duration tick, double speed, Consumer<Duration> advance) {
        Instant last = wall.instant();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Instant now = wall.instant();
            Duration wallDt = Duration.between(last, now);
            last = now;
            if (wallDt.isNegative() || wallDt.isZero()) {
                continue;
            }
            Duration bounded = wallDt.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : wallDt;
            advance.accept(Duration.ofNanos(Math.round(bounded.toNanos() * speed)));
        }
    }

    /**
     * Runs {@code body} on this thread until the process is asked to stop (Ctrl-C, SIGTERM): the shutdown hook
     * interrupts it and lets the JVM end only once {@code body} has returned, its resources closed.
     */
    static void untilKilled(String name, Body body) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread worker = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.interrupt();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown"));
        try {
            body.run();
        } finally {
            stopped.countDown();
        }
    }

    /** The config that points {@code edgetally run} at the simulated site, as printed and written to {@code file}. */
    static void printConfig(PrintStream out, double speed, String what, Path file, String yaml) {
        if (speed != 1.0) {
            out.printf(Locale.ROOT, "  speed %.0fx: the %s runs faster than the wall clock, which edgetally run "
                    + "follows, so drive it with your own tools, not run%n", speed, what);
        }
        out.println("config (also in " + file.toAbsolutePath() + "):");
        out.println();
        out.print(yaml);
        out.println();
    }
}
