package io.edgetally.sim.registry;

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
 * {@code args[1]}, paced at {@code args[2]} reports per second, until killed.
 */
public final class UplinkChildMain {

    public static void main(String[] args) throws InterruptedException {
        Database db = Database.open(Path.of(args[0]));
        UplinkConfig config = UplinkConfig.of(args[1], "farm-7", "barn-2").withFlush(16, Integer.parseInt(args[2]));
        Uplink uplink = new Uplink(config, db, Clock.systemUTC(), new Random(), DiskQuota.defaults(),
                DiskQuota.probeOf(db), List.of(), e -> { });
        uplink.start();
        System.out.println("uplink child started");
        Thread.currentThread().join(); // runs until the test kills the process
    }

    private UplinkChildMain() {}
}
