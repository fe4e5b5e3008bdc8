package io.edgetally.tally;

import io.edgetally.barn.BarnSite;
import io.edgetally.testkit.ManualClock;

/** A class that breaks both layering rules on purpose, so LayeringTest can show that its rules can fail. */
public final class LayeringOffender {

    private LayeringOffender() {}

    public static long uses(BarnSite site, ManualClock clock) {
        return site.batchId() + clock.millis();
    }
}
