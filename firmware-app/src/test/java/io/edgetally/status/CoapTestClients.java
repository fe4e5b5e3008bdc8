package io.edgetally.status;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** Californium clients on loopback for the tests, each on its own endpoint (no global default endpoint). */
final class CoapTestClients {

    private CoapTestClients() {}

    static CoapEndpoint plainEndpoint() {
        CoapEndpoint e = new CoapEndpoint.Builder()
                .setConfiguration(CoapConfigurations.client())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .build();
        return e;
    }

    static CoapEndpoint dtlsEndpoint(String identity, String secret) {
        Configuration config = CoapConfigurations.client();
        DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity,
                        secret.getBytes(StandardCharsets.UTF_8)))
                .build();
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
    }

    static CoapClient client(CoapEndpoint endpoint, URI base, String path) {
        CoapClient c = new CoapClient(base.resolve(path));
        c.setEndpoint(endpoint);
        c.setTimeout(5_000L);
        return c;
    }
}
