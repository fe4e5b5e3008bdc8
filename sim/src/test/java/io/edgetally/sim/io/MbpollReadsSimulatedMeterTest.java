package io.edgetally.sim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulated meter read by mbpoll, a Modbus client nobody here wrote: proves the frames and the float word
 * order are what field tools expect, not merely what our own driver expects. Skipped where mbpoll is not
 * installed ({@code apt-get install mbpoll}).
 */
class MbpollReadsSimulatedMeterTest {

    @Test
    void mbpollReadsImportEnergyPowerAndSerialNumber() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        try (SimModbusMeterServer server = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1,
                305419896L, () -> 4321.5, () -> 2750.0)) {
            int port = server.start(0);

            // 30073 = input register 0x0048, two floats: import kWh then export kWh
            String energy = mbpoll("-m", "tcp", "-a", "1", "-r", "73", "-c", "2", "-t", "3:float", "-B",
                    "-p", String.valueOf(port), "-1", "127.0.0.1");
            assertThat(energy).contains("[73]: \t4321.5", "[75]: \t0");

            String power = mbpoll("-m", "tcp", "-a", "1", "-r", "53", "-c", "1", "-t", "3:float", "-B",
                    "-p", String.valueOf(port), "-1", "127.0.0.1");
            assertThat(power).contains("[53]: \t2750");

            // holding 0xFC00 is reference 64513; 0x12345678 as two big-endian words
            String serial = mbpoll("-m", "tcp", "-a", "1", "-r", "64513", "-c", "2", "-t", "4:hex",
                    "-p", String.valueOf(port), "-1", "127.0.0.1");
            assertThat(serial).contains("[64513]: \t0x1234", "[64514]: \t0x5678");
        }
    }

    @Test
    void aStrictSimulatedMeterRefusesMbpollsSpanningRequestButAnswersEachField() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        try (SimModbusMeterServer server = new SimModbusMeterServer(SimModbusMeterServer.Model.SDM630, 1,
                305419896L, () -> 4321.5, () -> 2750.0)) {
            String port = String.valueOf(server.start(0));
            server.setStrict(true);

            // 30053..30074: power to import energy, 22 registers, the request the driver plans for an SDM630
            Process p = new ProcessBuilder("mbpoll", "-m", "tcp", "-a", "1", "-r", "53", "-c", "22", "-t", "3",
                    "-p", port, "-1", "127.0.0.1").redirectErrorStream(true).start();
            String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(refused).containsIgnoringCase("illegal data address");

            assertThat(mbpoll("-m", "tcp", "-a", "1", "-r", "53", "-c", "1", "-t", "3:float", "-B", "-p", port, "-1",
                    "127.0.0.1")).contains("[53]: \t2750");
            assertThat(mbpoll("-m", "tcp", "-a", "1", "-r", "73", "-c", "1", "-t", "3:float", "-B", "-p", port, "-1",
                    "127.0.0.1")).contains("[73]: \t4321.5");
        }
    }

    @Test
    void mbpollReadsTheSimulatedDtsu666AtTheAddressesOurMapUses() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        try (SimModbusMeterServer server = new SimModbusMeterServer(SimModbusMeterServer.Model.DTSU666, 1,
                1L, () -> 18234.5, () -> 4820.0)) {
            String port = String.valueOf(server.start(0));

            // -0: the addresses as on the wire, as Chint's manual prints them; function 03, floats high word first
            String energy = mbpoll("-m", "tcp", "-a", "1", "-0", "-r", "0x101E", "-c", "6", "-t", "4:float", "-B",
                    "-p", port, "-1", "127.0.0.1");
            assertThat(energy).contains("[4126]: \t18234.5", "[4128]: \t6078.17", "[4136]: \t0");

            String power = mbpoll("-m", "tcp", "-a", "1", "-0", "-r", "0x2012", "-c", "1", "-t", "4:float", "-B",
                    "-p", port, "-1", "127.0.0.1");
            assertThat(power).contains("[8210]: \t48200"); // 0.1 W per unit

            // the manual's map has no input registers: function 04 is answered with exception 02
            Process p = new ProcessBuilder("mbpoll", "-m", "tcp", "-a", "1", "-0", "-r", "0x2012", "-t", "3:float",
                    "-B", "-p", port, "-1", "127.0.0.1").redirectErrorStream(true).start();
            String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(refused).containsIgnoringCase("illegal data address");
        }
    }

    @Test
    void mbpollReadsTheSimulatedDjsf1352AtTheAddressesOurMapUses() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        try (SimModbusMeterServer server = new SimModbusMeterServer(SimModbusMeterServer.Model.DJSF1352, 1,
                1L, () -> 18234.5, () -> 287_400.0)) {
            String port = String.valueOf(server.start(0));

            // function 03 from wire address 0: value, decimal point pairs (value x 10^(point - 3))
            String block = mbpoll("-m", "tcp", "-a", "1", "-0", "-r", "0", "-c", "10", "-t", "4", "-p", port, "-1",
                    "127.0.0.1");
            assertThat(block).contains("[0]: \t6000", "[1]: \t2", // 600.0 V
                    "[2]: \t4790", "[3]: \t2", // 479.0 A
                    "[8]: \t2874", "[9]: \t5"); // 287400 W

            // forward active energy: uint32 high word first, in Wh
            String energy = mbpoll("-m", "tcp", "-a", "1", "-0", "-r", "12", "-c", "2", "-t", "4:int", "-B",
                    "-p", port, "-1", "127.0.0.1");
            assertThat(energy).contains("[12]: \t18234500", "[14]: \t0");

            Process p = new ProcessBuilder("mbpoll", "-m", "tcp", "-a", "1", "-0", "-r", "0", "-t", "3", "-p", port,
                    "-1", "127.0.0.1").redirectErrorStream(true).start();
            String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(refused).containsIgnoringCase("illegal data address");
        }
    }

    @Test
    void mbpollSwitchesTheSimulatedRelayBoardAndReadsItsInputsAndTransmitter() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        SimRelayBoard board = new SimRelayBoard(2, 8, 2);
        SimTemperatureTransmitter transmitter = new SimTemperatureTransmitter(3, 2);
        try (SimModbusTcpServer gateway = new SimModbusTcpServer("gateway").unit(2, board).unit(3, transmitter)) {
            String port = String.valueOf(gateway.start(0));
            board.setInput(1, true);
            transmitter.setCelsius(1, -7.5);

            // coil reference 4 is coil address 3; write it on (function 05)
            mbpoll("-m", "tcp", "-a", "2", "-r", "4", "-t", "0", "-p", port, "127.0.0.1", "1");
            assertThat(board.coil(3)).isTrue();
            assertThat(board.coil(2)).isFalse();

            String inputs = mbpoll("-m", "tcp", "-a", "2", "-r", "1", "-c", "2", "-t", "1", "-p", port, "-1",
                    "127.0.0.1");
            assertThat(inputs).contains("[1]: \t0", "[2]: \t1");

            String temperatures = mbpoll("-m", "tcp", "-a", "3", "-r", "1", "-c", "2", "-t", "3", "-p", port, "-1",
                    "127.0.0.1");
            assertThat(temperatures).contains("[1]: \t32768 (-32768)", "[2]: \t65461 (-75)");
        }
    }

    private static boolean mbpollInstalled() {
        try {
            Process p = new ProcessBuilder("mbpoll", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String mbpoll(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("mbpoll"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("mbpoll finished").isTrue();
        assertThat(p.exitValue()).as("mbpoll exit code; output:\n" + out).isZero();
        return out;
    }
}
