package io.edgetally.site;

import io.edgetally.service.SiteService;
import io.edgetally.systemd.ServiceNotifier;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a site as the service: its cycle at the configured period on a {@link CycleRunner} of its own, the service
 * manager told it is ready and fed the watchdog after every cycle, until the process is stopped; then, in one
 * place for both kinds of site, the cycle runner stops after the cycle in progress and the site stops as it must.
 */
public final class ServiceLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoop.class);

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
}
