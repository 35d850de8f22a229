package dev.modeldeploy.benchmarks.suite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured benchmark: a method and the parameter values that pick one of its runs. Parameters left
 * out match any value. A method in {@code benchmarks.jar} is named relative to the
 * {@code dev.modeldeploy.benchmarks} package ({@code "OnnxModelBenchmark.onnxBatch"}); one that lives
 * elsewhere, such as model-spark's {@link SparkPart#CLASS}, by its fully qualified name.
 *
 * @param benchmark class and method, relative to the benchmarks package, or fully qualified
 * @param params    parameter values this point needs
 */
public record Point(String benchmark, Map<String, String> params) {
    static final String PACKAGE = "dev.modeldeploy.benchmarks.";

    public Point {
        if (!benchmark.matches("([a-z][a-z0-9_]*\\.)*[A-Za-z0-9]+\\.[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("not Class.method or package.Class.method: " + benchmark);
        }
        if (benchmark.startsWith(PACKAGE) && benchmark.indexOf('.', PACKAGE.length()) == benchmark.lastIndexOf('.')) {
            // One spelling per benchmarks.jar method, so equal points are equal records.
            benchmark = benchmark.substring(PACKAGE.length());
        }
        params = Map.copyOf(params);
    }

    /**
     * @param benchmark class and method, relative to the benchmarks package, or fully qualified
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

    /** Whether the method is in {@code benchmarks.jar}'s package, so the suite's own JMH runs measure it. */
    public boolean inBenchmarksJar() {
        return benchmark.indexOf('.') == benchmark.lastIndexOf('.');
    }

    /** The fully qualified benchmark name JMH reports. */
    public String qualifiedName() {
        return inBenchmarksJar() ? PACKAGE + benchmark : benchmark;
    }

    /** {@code Class.method} of a fully qualified benchmark name: how the summary's table names results. */
    static String shortName(String qualifiedName) {
        int method = qualifiedName.lastIndexOf('.');
        return qualifiedName.substring(qualifiedName.lastIndexOf('.', method - 1) + 1);
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
