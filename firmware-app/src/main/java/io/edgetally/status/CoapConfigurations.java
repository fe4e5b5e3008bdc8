package io.edgetally.status;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Californium configurations built in code. Californium's {@code Configuration.getStandard()} writes
 * {@code Californium3.properties} into the working folder, so nothing here (or in code using these) may call it,
 * nor build an endpoint or client without an explicit configuration.
 */
public final class CoapConfigurations {

    private CoapConfigurations() {}

    /** For the device's endpoint: small bodies, few threads (a Pi shares its cores with the control loop). */
    public static Configuration server(int maxBodyBytes) {
        Configuration c = base();
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxBodyBytes);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        c.set(CoapConfig.MAX_SERVER_OBSERVES, 256);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        return c;
    }

    /** For clients: the status command, tests, the benchmark. */
    public static Configuration client() {
        Configuration c = base();
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        return c;
    }

    private static Configuration base() {
        // register() only adds the module definitions to Californium's list; it writes nothing
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        return Configuration.createStandardWithoutFile();
    }
}
