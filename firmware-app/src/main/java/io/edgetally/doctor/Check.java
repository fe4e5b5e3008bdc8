package io.edgetally.doctor;

/** One line of the doctor's report: what was checked, how it went, and what was seen. */
public record Check(Status status, String subject, String detail) {

    public enum Status {
        PASS,
        /** works, but something needs attention (clock not yet synchronised, certificate expiring, ...) */
        WARN,
        FAIL
    }

    public static Check pass(String subject, String detail) {
        return new Check(Status.PASS, subject, detail);
    }

    public static Check warn(String subject, String detail) {
        return new Check(Status.WARN, subject, detail);
    }

    public static Check fail(String subject, String detail) {
        return new Check(Status.FAIL, subject, detail);
    }

    /** e.g. {@code "PASS  meter barn            SDM630:24071502, 1234.5 kWh, 4200 W"}. */
    public String line() {
        return String.format("%-5s %-22s %s", status, subject, detail);
    }
}
