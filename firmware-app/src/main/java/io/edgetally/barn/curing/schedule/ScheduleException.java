package io.edgetally.barn.curing.schedule;

import io.edgetally.config.ConfigException;

/** A schedule file is malformed; the message names the file, line, step, key and what was expected. */
public final class ScheduleException extends ConfigException {

    private final String file;
    private final int line;

    public ScheduleException(String file, int line, String detail) {
        super(file + (line > 0 ? " line " + line : "") + ": " + detail, line);
        this.file = file;
        this.line = line;
    }

    /** What the YAML walker refused in schedule file {@code file}, with its line. */
    public ScheduleException(String file, ConfigException walker) {
        super(walker.getMessage(), walker.lineNumber().orElse(0), walker);
        this.file = file;
        this.line = walker.lineNumber().orElse(0);
    }

    public ScheduleException(String file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
        this.line = 0;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when no line applies (file missing, empty). */
    public int line() {
        return line;
    }
}
