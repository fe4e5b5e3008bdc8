package io.edgetally.barn.curing;

import java.time.Duration;

/** What heats the barn: stages of resistive elements, or one heat-pump compressor. */
public sealed interface HeaterPlant {

    /** How many on/off outputs the dry-bulb loop drives. */
    int stages();

    /** Shortest time a stage stays on once switched on. */
    Duration minOn();

    /** Shortest time a stage stays off once switched off. */
    Duration minOff();

    /**
     * Resistive elements switched by contactors.
     *
     * @param stages      number of contactor stages
     * @param kwPerStage  electrical (= heat) power of one stage, for the display and energy estimates
     */
    record Resistive(int stages, double kwPerStage, Duration minOn, Duration minOff) implements HeaterPlant {
        public Resistive {
            if (stages < 1 || stages > 12) {
                throw new IllegalArgumentException("resistive stages must be 1..12, was " + stages);
            }
            if (!(kwPerStage > 0)) {
                throw new IllegalArgumentException("kwPerStage must be > 0, was " + kwPerStage);
            }
            checkTimes(minOn, minOff);
        }

        /** 3 × 18 kW, one minute minimum on and off per stage (contactor life). */
        public static Resistive defaults() {
            return new Resistive(3, 18.0, Duration.ofMinutes(1), Duration.ofMinutes(1));
        }
    }

    /**
     * One compressor with a condensing dehumidify output.
     *
     * @param minRun  minimum compressor run time (oil return)
     * @param minRest minimum rest before a restart (pressure equalisation)
     */
    record HeatPump(Duration minRun, Duration minRest) implements HeaterPlant {
        public HeatPump {
            checkTimes(minRun, minRest);
        }

        /** 5 minutes run, 3 minutes rest. */
        public static HeatPump defaults() {
            return new HeatPump(Duration.ofMinutes(5), Duration.ofMinutes(3));
        }

        public int stages() {
            return 1;
        }

        public Duration minOn() {
            return minRun;
        }

        public Duration minOff() {
            return minRest;
        }
    }

    private static void checkTimes(Duration on, Duration off) {
        if (on.isNegative() || off.isNegative()) {
            throw new IllegalArgumentException("minimum on/off times must not be negative: " + on + ", " + off);
        }
    }
}
