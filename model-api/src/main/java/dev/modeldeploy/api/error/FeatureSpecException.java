package dev.modeldeploy.api.error;

/**
 * A feature-pipeline spec is malformed or inconsistent: unreadable JSON, an unknown transform type or
 * property, a transform that does not fit its input's type, a reference to an undeclared input, a
 * parameter out of range. Names where in the spec the problem is (such as {@code features[2].transforms[0]})
 * when that is known.
 */
public class FeatureSpecException extends ModelException {
    private final String location;
    private final String problem;

    /**
     * @param location where in the spec the problem is, e.g. {@code features[2] ('country')}; empty if unknown
     * @param problem  what is wrong, in words
     */
    public FeatureSpecException(String location, String problem) {
        this(location, problem, null);
    }

    public FeatureSpecException(String location, String problem, Throwable cause) {
        super(location.isEmpty() ? "invalid feature spec: " + problem : "invalid feature spec at " + location + ": " + problem, cause);
        this.location = location;
        this.problem = problem;
    }

    /** Where in the spec the problem is; empty when unknown. */
    public String location() {
        return location;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** The same problem, located under {@code outer} (such as {@code features[2].transforms[0]}). */
    public FeatureSpecException under(String outer) {
        if (outer.isEmpty()) {
            return this;
        }
        return new FeatureSpecException(location.isEmpty() ? outer : outer + "." + location, problem, getCause());
    }
}
