package io.edgetally.protocol.verify;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import java.util.Optional;

/**
 * What a registry fixes for a device when it enrols it, besides its key: the kind of site, the methodology (id and
 * version) its reports are booked with, the sensitivity methodology if the site computes one, and the grid factor
 * (region and year) of its net CO2. A report booked otherwise is refused ({@link Problem.Kind#ENROLMENT}): a site
 * cannot move to a more favourable methodology or grid factor without the registry operator re-enrolling it.
 *
 * @param sensitivity empty: the site's reports carry {@code "sensitivity": null}
 */
public record Enrolment(SiteKind kind, MethodologyKey methodology, Optional<MethodologyKey> sensitivity,
                        String gridRegion, int gridYear) {

    /** A methodology id and version, e.g. {@code sichuan-2023-thermal/1}. */
    public record MethodologyKey(String id, String version) {
        public MethodologyKey {
            if (id.isBlank() || version.isBlank()) {
                throw new IllegalArgumentException("a methodology needs an id and a version, was '" + id + "/"
                        + version + "'");
            }
        }

        /** Parses {@code id/version}, the form enrolment commands and files use. */
        public static MethodologyKey parse(String text) {
            int slash = text.lastIndexOf('/');
            if (slash <= 0 || slash == text.length() - 1) {
                throw new IllegalArgumentException("expected a methodology as ID/VERSION (e.g. sichuan-2023-thermal/1),"
                        + " was '" + text + "'");
            }
            return new MethodologyKey(text.substring(0, slash), text.substring(slash + 1));
        }

        @Override
        public String toString() {
            return id + "/" + version;
        }
    }

    public Enrolment {
        if (gridRegion.isBlank()) {
            throw new IllegalArgumentException("an enrolment needs a grid region (e.g. CN-SC)");
        }
    }

    /** The terms a device's own accounting plan implies (what its config books). */
    public static Enrolment of(SiteKind kind, AccountingPlan plan) {
        return new Enrolment(kind, key(plan.primary()), plan.sensitivity().map(Enrolment::key), plan.gridRegion(),
                plan.gridYear());
    }

    private static MethodologyKey key(MethodologyChoice c) {
        return new MethodologyKey(c.id(), c.version());
    }
}
