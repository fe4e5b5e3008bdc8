package io.edgetally.protocol.report;

/** A report that is not valid JSON or lacks a field or has one of the wrong shape; names the field. */
public final class ReportFormatException extends RuntimeException {

    private final String field;

    public ReportFormatException(String field, String message) {
        super(field.isEmpty() ? message : "field '" + field + "': " + message);
        this.field = field;
    }

    /** The dotted path of the offending field, e.g. {@code emissions.co2Kg}; empty for the document itself. */
    public String field() {
        return field;
    }
}
