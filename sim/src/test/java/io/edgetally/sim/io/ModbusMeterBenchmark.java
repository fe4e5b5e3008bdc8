package io.edgetally.sim.io;

import io.edgetally.io.meter.EastronSdm630;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.meter.ModbusEnergyMeter;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.TcpModbusTransport;
import io.edgetally.io.modbus.TcpSettings;
import io.edgetally.testkit.ManualClock;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
            try (ModbusEnergyMeter meter = new ModbusEnergyMeter(EastronSdm630.MAP,
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
                report("meter reads over loopback (1 Modbus request each)", nanos, System.nanoTime() - start);
            }
        }
        rawSocketFloor(reads);
    }

    /** The same frame sizes bounced between two threads over a bare loopback socket: the floor for any driver. */
    private static void rawSocketFloor(int rounds) {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = listening.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    byte[] request = new byte[12];
                    byte[] response = new byte[9 + 2 * 22];
                    while (true) {
                        in.readFully(request);
                        out.write(response);
                    }
                } catch (IOException e) {
                    // client finished
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                byte[] request = new byte[12];
                byte[] response = new byte[9 + 2 * 22];
                long[] nanos = new long[rounds];
                for (int i = 0; i < 5_000; i++) {
                    out.write(request);
                    in.readFully(response);
                }
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    out.write(request);
                    in.readFully(response);
                    nanos[i] = System.nanoTime() - t0;
                }
                report("bare loopback round trips, same frame sizes", nanos, System.nanoTime() - start);
            }
            echo.join(1_000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(String what, long[] nanos, long totalNanos) {
        int n = nanos.length;
        Arrays.sort(nanos);
        System.out.printf("%d %s: mean %.1f us, median %.1f us, p99 %.1f us, max %.1f us, %.0f per s%n", n, what,
                totalNanos / 1e3 / n, nanos[n / 2] / 1e3, nanos[(int) (n * 0.99)] / 1e3, nanos[n - 1] / 1e3,
                n / (totalNanos / 1e9));
    }

    private static void require(MeterReading reading) {
        if (!(reading instanceof MeterReading.Ok)) {
            throw new IllegalStateException("benchmark read failed: " + reading);
        }
    }
}
