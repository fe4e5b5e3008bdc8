package io.edgetally.protocol.methodology;

import java.math.BigDecimal;

/** The values a site may choose for a site parameter (e.g. its trucks' L/100 km), inclusive at both ends. */
public record SiteRange(BigDecimal min, BigDecimal max) {
    public SiteRange {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("site range min " + min + " exceeds max " + max);
        }
    }

    public boolean contains(BigDecimal v) {
        return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
    }

    @Override
    public String toString() {
        return min.toPlainString() + ".." + max.toPlainString();
    }
}
