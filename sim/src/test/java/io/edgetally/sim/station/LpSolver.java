package io.edgetally.sim.station;

/**
 * Something that minimises a {@link SparseLp}. ojAlgo's ({@link OjAlgoLpSolver}) is always there; the {@code bench}
 * Maven profile adds Google OR-Tools' GLOP, found through {@link java.util.ServiceLoader}, for the month-long bound.
 */
interface LpSolver {

    /** The optimum's column values; throws {@link IllegalStateException} if the LP has no optimal solution. */
    double[] minimise(SparseLp lp);

    String name();
}
