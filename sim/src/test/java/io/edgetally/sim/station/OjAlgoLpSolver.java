package io.edgetally.sim.station;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/** ojAlgo's primal simplex on a dense tableau: enough for a day or two of station (the unit tests). */
final class OjAlgoLpSolver implements LpSolver {

    /** A dense tableau of more cells than this would not fit a test JVM's heap. */
    private static final long MAX_TABLEAU_CELLS = 20_000_000;

    @Override
    public double[] minimise(SparseLp lp) {
        if ((long) lp.columns() * lp.rows().size() > MAX_TABLEAU_CELLS) {
            throw new IllegalArgumentException("ojAlgo LP: " + lp.columns() + " columns x " + lp.rows().size()
                    + " rows is too large for its dense simplex; solve a few days at most, or run with the Maven"
                    + " profile bench (GLOP)");
        }
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        // measured on a one-day bound: primal on a dense tableau 5 s; the sparse store 90-170 s; the newer dual
        // simplex called that LP infeasible (GLOP solves it to the same optimum as the primal)
        model.options.sparse = Boolean.FALSE;
        model.options.linear().primal();
        Variable[] variables = new Variable[lp.columns()];
        for (int c = 0; c < lp.columns(); c++) {
            Variable v = model.addVariable("x" + c).weight(lp.cost(c));
            if (Double.isFinite(lp.lower(c))) {
                v.lower(lp.lower(c));
            }
            if (Double.isFinite(lp.upper(c))) {
                v.upper(lp.upper(c));
            }
            variables[c] = v;
        }
        int index = 0;
        for (SparseLp.Row row : lp.rows()) {
            Expression e = model.addExpression("r" + index++);
            if (Double.isFinite(row.lower())) {
                e.lower(row.lower());
            }
            if (Double.isFinite(row.upper())) {
                e.upper(row.upper());
            }
            for (int i = 0; i < row.size(); i++) {
                e.set(variables[row.column(i)], row.coefficient(i));
            }
        }
        Optimisation.Result result = model.minimise();
        if (result.getState() != Optimisation.State.OPTIMAL) {
            throw new IllegalStateException("ojAlgo LP (" + lp.columns() + " columns, " + lp.rows().size()
                    + " rows): no optimal solution, state " + result.getState());
        }
        double[] values = new double[lp.columns()];
        for (int c = 0; c < values.length; c++) {
            values[c] = result.doubleValue(c);
        }
        return values;
    }

    @Override
    public String name() {
        return "ojAlgo";
    }
}
