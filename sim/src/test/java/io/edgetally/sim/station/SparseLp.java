package io.edgetally.sim.station;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A linear program to minimise, held as sparse rows, so one formulation can be handed to any LP solver
 * ({@link LpSolver}): columns with bounds and a cost, rows {@code lower <= sum(coef * column) <= upper}.
 */
final class SparseLp {

    /** One constraint row; add coefficients with {@link #add}. */
    static final class Row {
        private final double lower;
        private final double upper;
        private int[] columns = new int[4];
        private double[] coefficients = new double[4];
        private int size;

        private Row(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
        }

        Row add(int column, double coefficient) {
            if (size == columns.length) {
                columns = Arrays.copyOf(columns, 2 * size);
                coefficients = Arrays.copyOf(coefficients, 2 * size);
            }
            columns[size] = column;
            coefficients[size++] = coefficient;
            return this;
        }

        double lower() {
            return lower;
        }

        double upper() {
            return upper;
        }

        int size() {
            return size;
        }

        int column(int i) {
            return columns[i];
        }

        double coefficient(int i) {
            return coefficients[i];
        }
    }

    private double[] lower = new double[1024];
    private double[] upper = new double[1024];
    private double[] cost = new double[1024];
    private int columns;
    private final List<Row> rows = new ArrayList<>();

    /** A new column; returns its index. */
    int column(double lowerBound, double upperBound, double costPerUnit) {
        if (!(lowerBound <= upperBound)) {
            throw new IllegalArgumentException("LP column " + columns + ": lower bound " + lowerBound
                    + " above upper bound " + upperBound);
        }
        if (columns == lower.length) {
            lower = Arrays.copyOf(lower, 2 * columns);
            upper = Arrays.copyOf(upper, 2 * columns);
            cost = Arrays.copyOf(cost, 2 * columns);
        }
        lower[columns] = lowerBound;
        upper[columns] = upperBound;
        cost[columns] = costPerUnit;
        return columns++;
    }

    /** A new row {@code lowerBound <= ... <= upperBound} (use infinities for one-sided rows). */
    Row row(double lowerBound, double upperBound) {
        Row r = new Row(lowerBound, upperBound);
        rows.add(r);
        return r;
    }

    int columns() {
        return columns;
    }

    List<Row> rows() {
        return rows;
    }

    int nonZeros() {
        return rows.stream().mapToInt(Row::size).sum();
    }

    double lower(int column) {
        return lower[column];
    }

    double upper(int column) {
        return upper[column];
    }

    double cost(int column) {
        return cost[column];
    }

    /** The objective at {@code values}. */
    double objective(double[] values) {
        double sum = 0;
        for (int c = 0; c < columns; c++) {
            sum += cost[c] * values[c];
        }
        return sum;
    }
}
