package io.edgetally.sim.standalone;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A fault an installer can put on the running simulated barn (with {@code edgetally sim fault}), each one of the
 * faults the controller must catch: a probe open or stuck, the wet bulb reading above the dry bulb, the fan's airflow
 * lost, the hardware cut-out tripped, the kWh meter silent. Spelled on the command line and in the control file as
 * its words, e.g. {@code probe-open dry-bulb}, {@code meter-silent}.
 *
 * @param kind  what goes wrong
 * @param probe which probe, for the two probe faults; empty for the others
 */
public record SimFault(Kind kind, Optional<Probe> probe) {

    /** What goes wrong, and what the barn's devices then report. */
    public enum Kind {
        /** the probe's cable is broken: the transmitter reports a sensor fault, the 1-Wire probe is gone */
        PROBE_OPEN("probe-open", true),
        /** the probe (or its converter) reads the value it had when the fault began, whatever the barn does */
        PROBE_STUCK("probe-stuck", true),
        /** the wet-bulb probe reads {@value StandaloneBarn#WET_ABOVE_DRY_CELSIUS} °C above the dry bulb (drifted) */
        WET_ABOVE_DRY("wet-above-dry", false),
        /** the circulation fan's motor stops although commanded: the airflow switch opens */
        AIRFLOW_LOST("airflow-lost", false),
        /** the over-temperature cut-out has tripped: the heater circuit is open and its spare contact says so */
        CUTOUT_TRIPPED("cutout-tripped", false),
        /** the kWh meter drops every request (lost power behind its gateway): reads time out */
        METER_SILENT("meter-silent", false);

        private final String word;
        private final boolean needsProbe;

        Kind(String word, boolean needsProbe) {
            this.word = word;
            this.needsProbe = needsProbe;
        }

        public String word() {
            return word;
        }
    }

    /** The two probes of a barn. */
    public enum Probe {
        DRY_BULB("dry-bulb"),
        WET_BULB("wet-bulb");

        private final String word;

        Probe(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** What a user may write, for usages and errors. */
    public static final String SPELLINGS = Arrays.stream(Kind.values())
            .map(k -> k.word + (k.needsProbe ? " dry-bulb|wet-bulb" : "")).collect(Collectors.joining(", "));

    public SimFault {
        if (kind.needsProbe != probe.isPresent()) {
            throw new IllegalArgumentException(kind.word + (kind.needsProbe ? " needs a probe: dry-bulb or wet-bulb"
                    : " takes no probe"));
        }
    }

    /** {@code words} as one fault, e.g. {@code [probe-open, dry-bulb]}; the message says what is expected. */
    public static SimFault parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no fault given; expected one of: " + SPELLINGS);
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.word.equals(first)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + words.get(0) + "' is not a fault; expected one "
                        + "of: " + SPELLINGS));
        if (kind.needsProbe) {
            if (words.size() != 2) {
                throw new IllegalArgumentException(kind.word + " needs one probe: dry-bulb or wet-bulb");
            }
            String second = words.get(1).toLowerCase(Locale.ROOT);
            Probe probe = Arrays.stream(Probe.values()).filter(p -> p.word.equals(second)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + words.get(1) + "' is not a probe; expected "
                            + "dry-bulb or wet-bulb"));
            return new SimFault(kind, Optional.of(probe));
        }
        if (words.size() != 1) {
            throw new IllegalArgumentException(kind.word + " takes no further word, was given '" + words.get(1) + "'");
        }
        return new SimFault(kind, Optional.empty());
    }

    /** As written on the command line and in the control file. */
    public String words() {
        return kind.word + probe.map(p -> " " + p.word).orElse("");
    }

    /** Whether this fault is on {@code p}. */
    boolean on(Probe p) {
        return probe.equals(Optional.of(p));
    }
}
