package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.io.plc.StationPlcMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulated station PLC driven by mbpoll, a Modbus client nobody here wrote: the map is plain holding registers
 * (function 03 to read, 06 and 16 to write), reference = address + 1, as an integrator's tools see it. Skipped where
 * mbpoll is not installed ({@code apt-get install mbpoll}).
 */
class MbpollTalksToSimulatedPlcTest {

    @Test
    void mbpollReadsTheHeaderAndAPackAndItsSetpointsReachTheChargers() throws Exception {
        assumeTrue(mbpollInstalled(), "mbpoll is not installed");
        SwapStationModel model = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 5).model();
        model.setPackSoc(1, 0.5);
        try (StationRig rig = new StationRig(model)) {
            String port = String.valueOf(rig.startPlc(0));
            String header = mbpoll("-m", "tcp", "-a", "1", "-r", "1", "-c", "8", "-t", "4", "-p", port, "-1",
                    "127.0.0.1");
            assertThat(header).contains("[1]: \t1", "[2]: \t8", "[5]: \t16", "[6]: \t0", "[7]: \t0");

            int soc = StationPlcMap.slotAddress(1, StationPlcMap.SLOT_SOC) + 1;
            int id = StationPlcMap.slotAddress(1, StationPlcMap.SLOT_PACK_ID) + 1;
            assertThat(mbpoll("-m", "tcp", "-a", "1", "-r", String.valueOf(soc), "-c", "1", "-t", "4", "-p", port,
                    "-1", "127.0.0.1")).contains("[" + soc + "]: \t500");
            // "S02": 'S' 0x53, '0' 0x30 in the first register, '2' 0x32 and NUL in the second
            assertThat(mbpoll("-m", "tcp", "-a", "1", "-r", String.valueOf(id), "-c", "3", "-t", "4:hex", "-p", port,
                    "-1", "127.0.0.1")).contains("0x5330", "0x3200", "0x0000");

            // watchdog 1 and a 60 s timeout (function 16), then slot 1 at 150.0 kW (function 06)
            mbpoll("-m", "tcp", "-a", "1", "-r", String.valueOf(StationPlcMap.WATCHDOG + 1), "-t", "4", "-p", port,
                    "127.0.0.1", "1", "60");
            mbpoll("-m", "tcp", "-a", "1", "-r", String.valueOf(StationPlcMap.SETPOINT_BASE + 1 + 1), "-t", "4",
                    "-p", port, "127.0.0.1", "1500");
            assertThat(rig.plc().setpointKw(1)).isEqualTo(150.0);
            rig.advance(Duration.ofMinutes(1));
            assertThat(rig.plc().fellBack()).isFalse();
            assertThat(model.gridKw()).isCloseTo(150.0, within(0.01));
            rig.advance(Duration.ofMinutes(1));
            rig.advance(Duration.ofMinutes(1)); // no new watchdog value for over 60 s: the PLC falls back
            assertThat(rig.plc().fellBack()).isTrue();
            assertThat(model.gridKw()).isZero();
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
        List<String> command = new ArrayList<>(List.of("mbpoll"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("mbpoll finished").isTrue();
        assertThat(p.exitValue()).as("mbpoll exit code; output:\n" + out).isZero();
        return out;
    }
}
