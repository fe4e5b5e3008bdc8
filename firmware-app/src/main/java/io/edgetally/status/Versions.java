package io.edgetally.status;

/** The running firmware's version, from the jar's manifest (or "dev" when run from classes). */
public final class Versions {

    private Versions() {}

    public static String firmware() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
