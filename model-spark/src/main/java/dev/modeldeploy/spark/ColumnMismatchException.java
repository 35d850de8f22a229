package dev.modeldeploy.spark;

import dev.modeldeploy.api.error.ModelException;

import java.util.List;

/**
 * A DataFrame does not fit a model's input schema: columns the model reads are missing or have a type
 * it cannot read, or the output would have two columns of one name. Raised on the driver before any
 * job starts, listing every problem at once. Immutable.
 */
public class ColumnMismatchException extends ModelException {
    private final List<String> problems;

    /**
     * @param model    the model, for the message ({@code name/version})
     * @param problems one line per problem
     */
    public ColumnMismatchException(String model, List<String> problems) {
        super("the DataFrame does not fit model " + model + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each. */
    public List<String> problems() {
        return problems;
    }
}
