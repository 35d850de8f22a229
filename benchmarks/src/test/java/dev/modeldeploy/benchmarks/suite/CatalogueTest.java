package dev.modeldeploy.benchmarks.suite;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every point the summary reads names a benchmark that exists, with parameters and values it has: in
 * {@code benchmarks.jar} by reflection, in model-spark by its source.
 */
class CatalogueTest {

    @Test
    void everyPointNamesAnExistingBenchmarkAndParameterValue() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Comparison c : Catalogue.comparisons()) {
            for (Point p : c.figure().points()) {
                if (!p.inBenchmarksJar()) {
                    checkSource(p, problems);
                    continue;
                }
                String[] parts = p.benchmark().split("\\.");
                Class<?> type = Class.forName(Point.PACKAGE + parts[0]);
                Method method = Arrays.stream(type.getMethods())
                        .filter(m -> m.getName().equals(parts[1]) && m.isAnnotationPresent(Benchmark.class))
                        .findFirst().orElse(null);
                if (method == null) {
                    problems.add(p + ": no such @Benchmark method");
                    continue;
                }
                Set<Class<?>> states = new HashSet<>();
                states.add(type);
                for (Parameter parameter : method.getParameters()) {
                    collectStates(parameter.getType(), states);
                }
                p.params().forEach((name, value) -> {
                    String[] values = states.stream().flatMap(s -> Arrays.stream(s.getDeclaredFields()))
                            .filter(f -> f.getName().equals(name) && f.isAnnotationPresent(Param.class))
                            .map(f -> f.getAnnotation(Param.class).value()).findFirst().orElse(null);
                    if (values == null) {
                        problems.add(p + ": no @Param " + name);
                    } else if (!Arrays.asList(values).contains(value)) {
                        problems.add(p + ": " + name + " is one of " + Arrays.toString(values));
                    }
                });
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A benchmark outside {@code benchmarks.jar} (model-spark's, whose Spark is not on this class path) is
     * checked in its source: a public {@code @Benchmark} method of that name, and no parameters.
     */
    private static void checkSource(Point p, List<String> problems) throws IOException {
        String type = p.benchmark().substring(0, p.benchmark().lastIndexOf('.'));
        String method = p.benchmark().substring(type.length() + 1);
        Path source = Path.of("..", "model-spark", "src", "test", "java", type.replace('.', '/') + ".java");
        if (!Files.isRegularFile(source)) {
            problems.add(p + ": no source " + source);
        } else if (!Pattern.compile("@Benchmark\\s+public \\w+ " + Pattern.quote(method) + "\\(\\)")
                .matcher(Files.readString(source)).find()) {
            problems.add(p + ": no public @Benchmark method without arguments in " + source);
        } else if (!p.params().isEmpty()) {
            problems.add(p + ": the Spark benchmark has no parameters");
        }
    }

    /** A state class and the states its setup methods take, whose {@code @Param}s JMH also sets. */
    private static void collectStates(Class<?> state, Set<Class<?>> into) {
        if (!into.add(state)) {
            return;
        }
        for (Method m : state.getDeclaredMethods()) {
            for (Class<?> p : m.getParameterTypes()) {
                if (p.isAnnotationPresent(org.openjdk.jmh.annotations.State.class)) {
                    collectStates(p, into);
                }
            }
        }
    }
}
