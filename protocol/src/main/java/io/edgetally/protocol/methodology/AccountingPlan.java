package io.edgetally.protocol.methodology;

import java.util.Optional;

/**
 * What a site's config says about accounting: the methodology its reports are booked with, optionally a second
 * one computed alongside as a sensitivity, and the grid factor (region and year) for the net CO2.
 */
public record AccountingPlan(MethodologyChoice primary, Optional<MethodologyChoice> sensitivity, String gridRegion,
                             int gridYear) {

    public static AccountingPlan of(MethodologyChoice primary, String gridRegion, int gridYear) {
        return new AccountingPlan(primary, Optional.empty(), gridRegion, gridYear);
    }
}
