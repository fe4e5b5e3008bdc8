package io.edgetally.sim.registry;

import io.edgetally.sim.broker.BrokerUnderTest;

import java.nio.file.Path;

/** The outage scenarios against the embedded Moquette broker. */
class MoquetteStoreAndForwardTest extends StoreAndForwardScenarios {

    @Override
    BrokerUnderTest startBroker(Path dir) {
        return BrokerUnderTest.moquette();
    }
}
