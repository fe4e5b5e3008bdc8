package io.edgetally.sim.registry;

import io.edgetally.sim.broker.BrokerUnderTest;

import java.nio.file.Path;

/**
 * The outage scenarios with the device on the embedded Moquette broker (MQTT 3.1.1); the registry, an MQTT 5 client,
 * behind a Mosquitto bridged to it.
 */
class MoquetteStoreAndForwardTest extends StoreAndForwardScenarios {

    @Override
    BrokerUnderTest startBroker(Path dir) {
        return BrokerUnderTest.moquette();
    }

    @Override
    RegistryUnderTest startRegistry(Path dir, BrokerUnderTest broker) throws Exception {
        return RegistryUnderTest.bridgedTo(dir, broker.uri());
    }
}
