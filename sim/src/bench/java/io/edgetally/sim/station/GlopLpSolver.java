package io.edgetally.sim.station;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

/**
 * Google OR-Tools' GLOP (a sparse revised simplex): solves the month-long {@link OptimumLowerBound} LP in seconds to
 * minutes where ojAlgo's simplex does not finish. Only in the {@code bench} Maven profile (native libraries, about
 * 25 MB), found by {@link StationBenchmark} through {@link java.util.ServiceLoader}.
 */
public final class GlopLpSolver implements LpSolver {

    /** Loads OR-Tools' native libraries: fails here, at lookup, if a stale build left this class without them. */
    public GlopLpSolver() {
        Loader.loadNativeLibraries();
    }

    @Override
    public double[] minimise(SparseLp lp) {
        MPSolver solver = MPSolver.createSolver("GLOP");
        if (solver == null) {
            throw new IllegalStateException("OR-Tools: the GLOP solver is not available in this build");
        }
        try {
            MPVariable[] variables = new MPVariable[lp.columns()];
            MPObjective objective = solver.objective();
            for (int c = 0; c < variables.length; c++) {
                variables[c] = solver.makeNumVar(lp.lower(c), lp.upper(c), "x" + c);
                objective.setCoefficient(variables[c], lp.cost(c));
            }
            objective.setMinimization();
            for (SparseLp.Row row : lp.rows()) {
                MPConstraint constraint = solver.makeConstraint(row.lower(), row.upper());
                for (int i = 0; i < row.size(); i++) {
                    constraint.setCoefficient(variables[row.column(i)], row.coefficient(i));
                }
            }
            MPSolver.ResultStatus status = solver.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL) {
                throw new IllegalStateException("GLOP (" + lp.columns() + " columns, " + lp.rows().size()
                        + " rows): no optimal solution, status " + status);
            }
            double[] values = new double[variables.length];
            for (int c = 0; c < values.length; c++) {
                values[c] = variables[c].solutionValue();
            }
            return values;
        } finally {
            solver.delete();
        }
    }

    @Override
    public String name() {
        return "GLOP";
    }
}
