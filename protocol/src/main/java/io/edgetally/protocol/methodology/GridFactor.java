package io.edgetally.protocol.methodology;

import java.math.BigDecimal;

/**
 * The CO2 intensity of the grid electricity a site draws, for one region and year. It decides the sign of the
 * net reduction, so every report states which one it used.
 *
 * @param region e.g. {@code CN-SC} (Sichuan) or {@code CN} (national)
 */
public record GridFactor(String region, int year, BigDecimal value, String unit, String source) {}
