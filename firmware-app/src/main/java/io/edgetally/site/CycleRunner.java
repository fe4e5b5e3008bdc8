package io.edgetally.site;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the control cycle at a fixed period on one thread of its own, for the service on a real site (the
 * simulator steps cycles itself). A cycle that throws is logged and the next one runs: the site's own cycle has
 * already put the actuators in a safe state and raised an alarm. A cycle that overruns delays the next rather
 * than stacking up behind it.
 */
public final class CycleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);

    private final ScheduledExecutorService executor;
    private final Runnable cycle;
    private final Runnable afterEachCycle;

    /**
     * @param afterEachCycle runs after every cycle that returned, e.g. feeding the service watchdog: a loop that
     *                       hangs stops feeding it and gets the service restarted
     */
    public CycleRunner(String name, Runnable cycle, Runnable afterEachCycle) {
        this.cycle = cycle;
        this.afterEachCycle = afterEachCycle;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(false);
            return t;
        });
    }

    public void start(Duration period) {
        executor.scheduleAtFixedRate(this::once, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void once() {
        try {
            cycle.run();
            afterEachCycle.run();
        } catch (RuntimeException e) {
            LOG.error("control cycle failed; the next one runs on time", e);
        }
    }

    /** Stops after the cycle in progress, if any. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("control cycle did not finish within 30 s of shutdown; stopping it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
