package io.edgetally.sim.broker;

/** A broker a scenario can take away and bring back on the same address. */
public interface BrokerUnderTest extends AutoCloseable {

    /** The plain loopback address, e.g. {@code tcp://127.0.0.1:41234}. */
    String uri();

    void stop();

    void start();

    @Override
    void close();

    /** The embedded Moquette broker. */
    static BrokerUnderTest moquette() {
        EmbeddedBroker b = EmbeddedBroker.startPlain(0);
        return new BrokerUnderTest() {
            @Override
            public String uri() {
                return b.plainUri();
            }

            @Override
            public void stop() {
                b.stop();
            }

            @Override
            public void start() {
                b.start();
            }

            @Override
            public void close() {
                b.close();
            }
        };
    }
}
