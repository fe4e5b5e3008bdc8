package io.edgetally.sim.registry;

import io.edgetally.sim.broker.BrokerUnderTest;
import io.edgetally.sim.broker.MosquittoBroker;

import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The outage scenarios against a real Mosquitto process, where one is installed (Debian: apt-get install mosquitto). */
class MosquittoStoreAndForwardTest extends StoreAndForwardScenarios {

    @BeforeAll
    static void needsMosquitto() {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed; skipping the real-broker scenarios");
    }

    @Override
    BrokerUnderTest startBroker(Path dir) {
        return new MosquittoBroker(dir, Optional.empty());
    }

    @Override
    RegistryUnderTest startRegistry(Path dir, BrokerUnderTest broker) throws Exception {
        return RegistryUnderTest.start(dir, broker.uri());
    }
}
