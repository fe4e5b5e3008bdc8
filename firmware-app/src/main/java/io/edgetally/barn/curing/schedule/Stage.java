package io.edgetally.barn.curing.schedule;

/** The three stages of a bulk cure, in the order they run. */
public enum Stage {
    YELLOWING("yellowing"),
    COLOUR_FIXING("colour-fixing"),
    STEM_DRYING("stem-drying");

    private final String fileName;

    Stage(String fileName) {
        this.fileName = fileName;
    }

    /** How the stage is spelled in a schedule file. */
    public String fileName() {
        return fileName;
    }
}
