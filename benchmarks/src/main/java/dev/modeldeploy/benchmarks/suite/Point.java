package dev.modeldeploy.benchmarks.suite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured benchmark: a method ({@code "OnnxModelBenchmark.onnxBatch"}, relative to the
 * {@code dev.modeldeploy.benchmarks} package) and the parameter values that pick one of its runs.
 * Parameters left out match any value.
 *
 * @param benchmark class and method, relative to the benchmarks package
 * @param params    parameter values this point needs
 */
public record Point(String benchmark, Map<String, String> params) {
    static final String PACKAGE = "dev.modeldeploy.benchmarks.";

    public Point {
        if (!benchmark.matches("[A-Za-z0-9]+\\.[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("not Class.method: " + benchmark);
        }
        params = Map.copyOf(params);
    }

    /**
     * @param benchmark class and method, relative to the benchmarks package
     * @param params    name, value, name, value...
     */
    public static Point of(String benchmark, String... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("params come in name, value pairs: " + benchmark);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return new Point(benchmark, map);
    }

    /** The fully qualified benchmark name JMH reports. */
    public String qualifiedName() {
        return PACKAGE + benchmark;
    }

    /** Whether a JMH result of that benchmark name and those parameters is this point. */
    boolean matches(String qualifiedName, Map<String, String> resultParams) {
        return qualifiedName.equals(qualifiedName()) && params.entrySet().stream()
                .allMatch(e -> e.getValue().equals(resultParams.get(e.getKey())));
    }

    @Override
    public String toString() {
        return params.isEmpty() ? benchmark : benchmark + params;
    }
}
