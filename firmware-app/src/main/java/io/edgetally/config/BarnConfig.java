package io.edgetally.config;

import java.time.Duration;

/**
 * The {@code barn:} section of a curing barn's config.
 *
 * @param schedule     a built-in schedule id (lower-leaf, middle-leaf, upper-leaf) or a path to a schedule file,
 *                     relative to the config file's folder
 * @param heating      resistive heater stages or one heat-pump compressor (with a dehumidifier output)
 * @param heaterStages resistive stages, or 1 for a heat pump
 * @param damperStroke the damper motor's full travel time, closed to open
 */
public record BarnConfig(String schedule, Heating heating, int heaterStages, double heaterStageKw,
                         double freshLeafKg, Duration damperStroke) {

    public enum Heating {
        RESISTIVE,
        HEAT_PUMP
    }

    static BarnConfig from(ConfigNode n) {
        n.allowOnly("schedule", "heating", "heater-stages", "heater-stage-kw", "fresh-leaf-kg", "damper-stroke");
        Heating heating = n.enumValue("heating", Heating.class, Heating.RESISTIVE);
        int stages = n.integer("heater-stages", 1, 6, heating == Heating.HEAT_PUMP ? 1 : 3);
        if (heating == Heating.HEAT_PUMP && stages != 1) {
            throw n.error("heater-stages", "1 for a heat pump (one compressor)", Integer.toString(stages));
        }
        return new BarnConfig(
                n.string("schedule", "middle-leaf"),
                heating,
                stages,
                n.number("heater-stage-kw", 0.5, 100, heating == Heating.HEAT_PUMP ? 16 : 18),
                n.number("fresh-leaf-kg", 100, 10_000, 4_000),
                n.duration("damper-stroke", Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(120)));
    }
}
