package io.edgetally.site;

import io.edgetally.io.modbus.ModbusTransport;
import io.edgetally.service.SiteService;
import io.edgetally.systemd.ServiceNotifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a site as the service: its cycle at the configured period on a {@link CycleRunner} of its own, the service
 * manager told it is ready and fed the watchdog after every cycle, until the process is stopped; then, in one
 * place for both kinds of site, the cycle runner stops after the cycle in progress and the site stops as it must.
 */
public final class ServiceLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoop.class);
    private static final long REPORT_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private ServiceLoop() {}

    /** Returns once the process is being stopped and the site has stopped. */
    public static void runUntilStopped(SiteService site, Duration cycle, ServiceNotifier notifier)
            throws InterruptedException {
        // each link's state is logged when it changes, after the cycle that saw it
        CycleRunner runner = new CycleRunner("site-cycle", () -> {
            site.cycle();
            site.links().check();
        }, notifier::watchdog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stopping();
            LOG.info("stopping: {}", site.stopping());
            runner.close();
            site.close();
            stopped.countDown();
        }, "edgetally-stop"));
        runner.start(cycle);
        notifier.ready();
        notifier.status(site.describe());
        LOG.info("running: {}, cycle {} s", site.describe(), cycle.toSeconds());
        stopped.await();
    }

    /**
     * Runs a site in lockstep with {@code edgetally sim barn --lockstep} ({@code clock: simulator}): each cycle runs
     * at the simulator's time, read from {@code link}, and is then reported done, which is what lets the simulator
     * move its barn on by one cycle. A time already cycled (the simulator restarted from its saved world, or took the
     * last report too late) is reported done again without a second cycle; while the simulator does not answer the
     * loop waits. Returns once the process is being stopped and the site has stopped.
     */
    public static void runInLockstep(SiteService site, SimulatorLink link, SimulatorClock clock, Duration cycle,
                                     ServiceNotifier notifier) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread loop = new Thread(() -> lockstep(site, link, clock, notifier), "site-cycle");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stopping();
            LOG.info("stopping: {}", site.stopping());
            loop.interrupt();
            try {
                loop.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            site.close();
            link.close();
            stopped.countDown();
        }, "edgetally-stop"));
        loop.start();
        notifier.ready();
        notifier.status(site.describe());
        LOG.info("running: {}, cycle {} s, in lockstep with the simulator's clock", site.describe(),
                cycle.toSeconds());
        stopped.await();
    }

    /**
     * A field link that, in lockstep, waits out a simulator that is away (killed, restarting) rather than failing:
     * see {@link LockstepFieldLink}; after {@link #SIMULATOR_PATIENCE} the failure is the barn's.
     */
    public static ModbusTransport waitingOutTheSimulator(ModbusTransport fieldLink, SimulatorLink simulator) {
        return new LockstepFieldLink(fieldLink, () -> simulator.now().isPresent(), SIMULATOR_PATIENCE);
    }

    /** How long a field request waits for a simulator that went away before it fails as in the field. */
    private static final Duration SIMULATOR_PATIENCE = Duration.ofMinutes(2);

    private static void lockstep(SiteService site, SimulatorLink link, SimulatorClock clock,
                                 ServiceNotifier notifier) {
        Instant lastCycled = null;
        Instant lastReported = null;
        long reportedAtNanos = 0;
        boolean waiting = false;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Instant> now = link.now();
            if (now.isEmpty()) {
                if (!waiting) {
                    LOG.warn("the simulator does not answer; waiting for it (its clock stands still meanwhile)");
                    waiting = true;
                }
                pause(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            if (waiting) {
                LOG.info("the simulator answers again at {}", now.get());
                waiting = false;
            }
            Instant t = now.get();
            if (lastCycled == null || t.isAfter(lastCycled)) {
                clock.set(t);
                try {
                    site.cycle();
                } catch (RuntimeException e) {
                    LOG.error("control cycle failed; the next one runs at the simulator's next step", e);
                }
                notifier.watchdog();
                lastCycled = t;
            }
            if (!t.equals(lastReported) || System.nanoTime() - reportedAtNanos > REPORT_AGAIN_NANOS) {
                // reported again now and then: a simulator started again has lost the report it had
                lastReported = link.done(t) ? t : null;
                reportedAtNanos = System.nanoTime();
            } else {
                // the simulator has not moved on yet: look again shortly, without spinning on the socket
                pause(TimeUnit.MICROSECONDS.toNanos(500));
            }
        }
    }

    private static void pause(long nanos) {
        LockSupport.parkNanos(nanos);
    }
}
