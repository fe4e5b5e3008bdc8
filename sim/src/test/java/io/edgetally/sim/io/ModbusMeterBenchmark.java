package io.edgetally.sim.io;

import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.time.ManualClock;
import java.time.Instant;
import java.util.Arrays;

/**
 * Round-trip time of one meter read (the one request a control cycle sends) over loopback, driver and
 * simulated SDM630 in one process as in the demo. Not a test: run
 * {@code java -cp <sim test classpath> io.edgetally.sim.io.ModbusMeterBenchmark [reads]}.
 */
public final class ModbusMeterBenchmark {

    private ModbusMeterBenchmark() {
    }

    public static void main(String[] args) {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
        double[] kwh = {100.0};
        try (SimModbusMeterServer server = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1, 42L,
                () -> kwh[0], () -> 3000.0)) {
            int port = server.start(0);
            try (ModbusEnergyMeter meter = new ModbusEnergyMeter(new EastronSdm630(),
                    new ModbusClient(new TcpModbusTransport(new TcpSettings("127.0.0.1", port)),
                            BackoffPolicy.DEFAULT, clock), 1, clock)) {
                for (int i = 0; i < 5_000; i++) {
                    require(meter.read());
                }
                long[] nanos = new long[reads];
                long start = System.nanoTime();
                for (int i = 0; i < reads; i++) {
                    long t0 = System.nanoTime();
                    require(meter.read());
                    nanos[i] = System.nanoTime() - t0;
                }
                long total = System.nanoTime() - start;
                Arrays.sort(nanos);
                System.out.printf("%d meter reads over loopback (1 Modbus request each): mean %.1f us, "
                                + "median %.1f us, p99 %.1f us, max %.1f us, %.0f reads/s%n",
                        reads, total / 1e3 / reads, nanos[reads / 2] / 1e3, nanos[(int) (reads * 0.99)] / 1e3,
                        nanos[reads - 1] / 1e3, reads / (total / 1e9));
            }
        }
    }

    private static void require(MeterReading reading) {
        if (!(reading instanceof MeterReading.Ok)) {
            throw new IllegalStateException("benchmark read failed: " + reading);
        }
    }
}
