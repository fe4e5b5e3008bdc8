package io.edgetally.protocol.methodology;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Avoided emissions of one tally, in kg. Pollutants are gross (what the displaced coal stove or diesel truck would
 * have put into the local air). {@code co2ProjectKg} is the grid electricity's CO2 and {@code co2NetKg} the gross
 * CO2 minus it; it is negative when the grid is dirtier than the displaced fuel. An empty pollutant means the
 * methodology has no factor for it (not zero). Carbon mass is never reported as particulate matter.
 */
public record Emissions(BigDecimal co2Kg, Optional<BigDecimal> so2Kg, Optional<BigDecimal> noxKg,
                        Optional<BigDecimal> pmKg, BigDecimal co2ProjectKg, BigDecimal co2NetKg, GridFactor grid) {}
