package io.edgetally.sim.registry;

import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.store.Database;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * The device as its own process, for the SIGKILL test: publishes the ledger in {@code args[0]} to the broker at
 * {@code args[1]}, paced at {@code args[2]} reports per second, its birth signed with the device key in
 * {@code args[3]} (PKCS#8, base64), until killed.
 */
public final class UplinkChildMain {

    public static void main(String[] args) throws Exception {
        Database db = Database.open(Path.of(args[0]));
        UplinkConfig config = UplinkConfig.of(args[1], "farm-7", "barn-2").withFlush(16, Integer.parseInt(args[2]));
        Uplink uplink = new Uplink(config, db, Clock.systemUTC(),
                Ed25519Signer.of(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(Files.readString(Path.of(args[3])).strip())))), new Random(), DiskQuota.defaults(),
                DiskQuota.probeOf(db), List.of(), e -> { });
        uplink.start();
        System.out.println("uplink child started");
        Thread.currentThread().join(); // runs until the test kills the process
    }

    private UplinkChildMain() {}
}
