package io.edgetally.systemd;

/**
 * What the service tells its supervisor: started, still alive, what it is doing, stopping. The control loop calls
 * {@link #watchdog()} at the end of every successful cycle, so a hung loop gets the service restarted.
 *
 * <p>Implementations never throw: a supervisor that cannot be told must not stop the barn being controlled.
 */
public interface ServiceNotifier {

    /** Start-up is complete: inputs read, outputs in a safe state, the first cycle can run. */
    void ready();

    /** One control cycle completed; sent at least twice per watchdog period, or the supervisor restarts us. */
    void watchdog();

    /** A one-line human-readable state, shown by {@code systemctl status edgetally}. */
    void status(String text);

    /** Shutdown has begun (outputs are being released). */
    void stopping();

    /** A notifier that tells no one: the simulator, the demo and tests. */
    static ServiceNotifier none() {
        return NoSupervisor.INSTANCE;
    }

    /** Stateless, so sharing the one instance is safe. */
    enum NoSupervisor implements ServiceNotifier {
        INSTANCE;

        @Override
        public void ready() {}

        @Override
        public void watchdog() {}

        @Override
        public void status(String text) {}

        @Override
        public void stopping() {}
    }
}
