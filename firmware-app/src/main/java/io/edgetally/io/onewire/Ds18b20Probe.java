package io.edgetally.io.onewire;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.TemperatureReading.Invalid;
import io.edgetally.io.TemperatureReading.SensorFault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DS18B20 probe read through the Linux w1_therm driver: {@code <basePath>/<28-xxxxxxxxxxxx>/w1_slave}, two
 * lines, the scratchpad with the kernel's CRC verdict ({@code ... : crc=57 YES}) and the same bytes with the
 * temperature in millidegrees ({@code ... t=23125}). Every failure becomes a {@link TemperatureReading.Invalid}
 * whose detail names the probe and the file; nothing is thrown.
 *
 * <p>On a real bus each read of w1_slave starts a conversion and blocks for up to 750 ms (12-bit), so a
 * controller reads probes off its control thread. Not thread-safe: one poller owns a probe.
 */
public final class Ds18b20Probe {

    public static final Path DEFAULT_BASE_PATH = Path.of("/sys/bus/w1/devices");

    /** DS18B20 datasheet: measuring range -55..+125 °C. */
    static final double MIN_CELSIUS = -55.0;
    static final double MAX_CELSIUS = 125.0;
    /** The scratchpad's reset value, reported when no conversion ran (brown-out, bad parasite power). */
    static final int POWER_ON_MILLIDEGREES = 85_000;
    /** What many libraries report for a missing probe; no real conversion gives it. */
    static final int DISCONNECTED_MILLIDEGREES = -127_000;
    /** How near 85 °C the previous good value must be for a reading of exactly 85 °C to be believed. */
    static final double POWER_ON_BELIEVABLE_WITHIN_CELSIUS = 2.0;

    private static final Pattern PROBE_ID = Pattern.compile("28-[0-9a-f]{12}");
    private static final Pattern CRC_LINE = Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)");
    private static final Pattern TEMP_LINE = Pattern.compile("((?:[0-9a-f]{2} ){9})t=(-?\\d+)");

    private final String name;
    private final String probeId;
    private final Path file;
    private OptionalDouble lastValidCelsius = OptionalDouble.empty();

    /**
     * @param name     where the probe sits, e.g. {@code "dry bulb"}, used in every detail
     * @param probeId  the kernel's device folder name, {@code 28-} and 12 lower-case hex digits
     * @param basePath the w1 devices folder ({@link #DEFAULT_BASE_PATH} on a Pi; a temporary folder in tests)
     */
    public Ds18b20Probe(String name, String probeId, Path basePath) {
        if (!PROBE_ID.matcher(probeId).matches()) {
            throw new IllegalArgumentException("probe '" + name + "': id must be 28- followed by 12 lower-case hex "
                    + "digits (the folder name under " + basePath + "), got '" + probeId + "'");
        }
        this.name = name;
        this.probeId = probeId;
        this.file = basePath.resolve(probeId).resolve("w1_slave");
    }

    public String name() {
        return name;
    }

    public String probeId() {
        return probeId;
    }

    public Path file() {
        return file;
    }

    public TemperatureReading read() {
        TemperatureReading reading = readOnce();
        if (reading instanceof TemperatureReading.Valid v) {
            lastValidCelsius = OptionalDouble.of(v.celsius());
        }
        return reading;
    }

    private TemperatureReading readOnce() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return invalid(SensorFault.OPEN, "not on the bus: " + file + " does not exist");
        } catch (IOException e) {
            return invalid(SensorFault.NO_RESPONSE, "cannot read " + file + ": " + e.getMessage());
        }
        List<String> lines = content.strip().lines().toList();
        Matcher crc = lines.size() == 2 ? CRC_LINE.matcher(lines.get(0).strip()) : null;
        Matcher temp = lines.size() == 2 ? TEMP_LINE.matcher(lines.get(1).strip()) : null;
        boolean crcOk = crc != null && crc.matches();
        boolean tempOk = temp != null && temp.matches();
        if (!crcOk || !tempOk) {
            return invalid(SensorFault.NO_RESPONSE, "unreadable " + file + ", expected '<9 bytes> : crc=xx YES' and "
                    + "'<9 bytes> t=<millidegrees>', got: " + printable(content));
        }
        String scratchpad = crc.group(1).strip();
        if (scratchpad.replace(" ", "").matches("0+|f+")) {
            return invalid(SensorFault.SHORT, "scratchpad reads the rail (" + scratchpad + "): data line shorted "
                    + "or stuck, in " + file);
        }
        if (crc.group(3).equals("NO")) {
            return invalid(SensorFault.CRC, "CRC check failed (" + scratchpad + " crc=" + crc.group(2) + ") in " + file);
        }
        int millidegrees;
        try {
            millidegrees = Integer.parseInt(temp.group(2));
        } catch (NumberFormatException e) {
            return invalid(SensorFault.NO_RESPONSE, "unreadable temperature '" + temp.group(2) + "' in " + file);
        }
        if (millidegrees == DISCONNECTED_MILLIDEGREES) {
            return invalid(SensorFault.SHORT, "reads -127 °C, the disconnected-probe value, in " + file);
        }
        double celsius = millidegrees / 1000.0;
        if (celsius < MIN_CELSIUS || celsius > MAX_CELSIUS) {
            return invalid(SensorFault.OUT_OF_RANGE, "reads " + celsius + " °C, outside the DS18B20 range "
                    + MIN_CELSIUS + ".." + MAX_CELSIUS + " °C, in " + file);
        }
        if (millidegrees == POWER_ON_MILLIDEGREES && !nearPowerOnValue()) {
            return invalid(SensorFault.POWER_ON_VALUE, "reads exactly 85 °C, the power-on value, and the last good "
                    + "reading was " + (lastValidCelsius.isPresent() ? lastValidCelsius.getAsDouble() + " °C" : "none")
                    + ", in " + file);
        }
        return new TemperatureReading.Valid(celsius);
    }

    private boolean nearPowerOnValue() {
        return lastValidCelsius.isPresent() && Math.abs(lastValidCelsius.getAsDouble() - POWER_ON_MILLIDEGREES / 1000.0)
                <= POWER_ON_BELIEVABLE_WITHIN_CELSIUS;
    }

    private Invalid invalid(SensorFault fault, String what) {
        return new Invalid(fault, "probe '" + name + "' (" + probeId + "): " + what);
    }

    private static String printable(String content) {
        String shown = content.length() > 200 ? content.substring(0, 200) + "..." : content;
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
