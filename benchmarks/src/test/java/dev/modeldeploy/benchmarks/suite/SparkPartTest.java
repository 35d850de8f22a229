package dev.modeldeploy.benchmarks.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark benchmark's child JVM, its results in the suite's one file, and the summary without them. */
class SparkPartTest {
    static final String LOCAL = SparkPart.CLASS + ".sparkLocal";
    static final String RUNNER = SparkPart.CLASS + ".batchRunner";
    static final String FLOOR = SparkPart.CLASS + ".sparkPassThrough";

    /** Shaped as JMH 1.37 writes the Spark benchmark's results with {@code -rf json -prof gc}, trimmed. */
    static final String SPARK_JSON = """
            [
              {"benchmark": "%s", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 400000.0, "scoreError": 9000.0, "scoreUnit": "ops/s", "rawData": [[390000.0, 400000.0, 410000.0]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 900.0, "scoreUnit": "B/op"}}},
              {"benchmark": "%s", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 200000.0, "scoreError": 5000.0, "scoreUnit": "ops/s", "rawData": [[200000.0, 200000.0, 200000.0]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1500.0, "scoreUnit": "B/op"}}},
              {"benchmark": "%s", "mode": "thrpt", "params": {},
               "primaryMetric": {"score": 800000.0, "scoreError": 20000.0, "scoreUnit": "ops/s", "rawData": [[800000.0, 800000.0, 800000.0]]},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 380.0, "scoreUnit": "B/op"}}}
            ]
            """.formatted(RUNNER, LOCAL, FLOOR);

    static final List<Comparison> SPARK_LINES = Catalogue.comparisons().stream()
            .filter(c -> c.figure().points().stream().anyMatch(p -> !p.inBenchmarksJar())).toList();

    @TempDir
    Path dir;

    @Test
    void theShortProfileMeasuresInTheChildJvmWithTheForksOptionsAndItsOwnIterations() {
        Path json = dir.resolve("part.json");
        List<String> command = SparkPart.command(Path.of("/jdk/bin/java"), "/a/test-classes:/b/spark.jar", "short",
                List.of(LOCAL, RUNNER), json);

        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals(SparkPart.JVM_OPTIONS, command.subList(1, 1 + SparkPart.JVM_OPTIONS.size()));
        List<String> rest = command.subList(1 + SparkPart.JVM_OPTIONS.size(), command.size());
        assertEquals(List.of("-cp", "/a/test-classes:/b/spark.jar", "org.openjdk.jmh.Main"), rest.subList(0, 3));
        assertEquals(json.toString(), after(rest, "-rff"));
        assertEquals("json", after(rest, "-rf"));
        assertEquals("gc", after(rest, "-prof"));
        assertEquals("0", after(rest, "-f"));
        assertEquals(String.valueOf(SparkPart.WARMUP_ITERATIONS), after(rest, "-wi"));
        assertEquals(String.valueOf(SparkPart.MEASUREMENT_ITERATIONS), after(rest, "-i"));
        assertEquals(SparkPart.WARMUP_SECONDS + "s", after(rest, "-w"));
        assertEquals("1s", after(rest, "-r"));

        Pattern include = Pattern.compile(rest.get(3));
        // JMH finds the pattern in each benchmark's name: exactly the named methods match.
        assertTrue(include.matcher(LOCAL).find());
        assertTrue(include.matcher(RUNNER).find());
        assertFalse(include.matcher(FLOOR).find());
        assertFalse(include.matcher(LOCAL + "Twice").find());
        assertFalse(include.matcher("x" + RUNNER).find());
        assertFalse(include.matcher(SparkPart.CLASS.replace('.', 'x') + ".sparkLocal").find(), "dots are literal");
    }

    @Test
    void theFullProfileLeavesForksAndIterationsToTheBenchmark() {
        List<String> command = SparkPart.command(Path.of("java"), "cp", "full", List.of(LOCAL), dir.resolve("p.json"));
        assertEquals(List.of("java", "-cp", "cp", "org.openjdk.jmh.Main", SparkPart.include(List.of(LOCAL)),
                "-rf", "json", "-rff", dir.resolve("p.json").toString(), "-prof", "gc"), command);
    }

    @Test
    void theChildJvmOptionsAreTheBenchmarksForkOptions() throws IOException {
        String source = Files.readString(Path.of("..", "model-spark", "src", "test", "java",
                SparkPart.CLASS.replace('.', '/') + ".java"));
        Matcher fork = Pattern.compile("jvmArgsAppend\\s*=\\s*\\{([^}]*)}").matcher(source);
        assertTrue(fork.find(), "no @Fork(jvmArgsAppend) in the benchmark");
        List<String> options = new ArrayList<>();
        Matcher string = Pattern.compile("\"([^\"]*)\"").matcher(fork.group(1));
        while (string.find()) {
            options.add(string.group(1));
        }
        assertEquals(options, SparkPart.JVM_OPTIONS);
    }

    @Test
    void withoutAClassPathNothingRunsAndTheSparkLinesSayNotMeasured() throws Exception {
        Path part = dir.resolve("part.json");
        assertFalse(SparkPart.run("short", List.of(LOCAL, RUNNER), part, null));
        assertFalse(SparkPart.run("short", List.of(LOCAL, RUNNER), part, dir.resolve("no-such-file").toString()));
        assertFalse(Files.exists(part));

        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        Path jar = dir.resolve("jar.json");
        Files.writeString(jar, SummaryTest.JSON);
        Suite.append(mapper, all, jar);
        Suite.append(mapper, all, part);
        String md = Summary.markdown(List.of(), SPARK_LINES, Results.parse(all));

        assertFalse(SPARK_LINES.isEmpty());
        for (Comparison c : SPARK_LINES) {
            assertTrue(md.contains("| " + c.area() + " | " + c.what() + " | not measured |"), md);
        }
    }

    @Test
    void theSparkPartsResultsJoinTheSuitesFileAndTheSummary() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        Path jar = dir.resolve("jar.json");
        Path spark = dir.resolve("part.json");
        Files.writeString(jar, SummaryTest.JSON);
        Files.writeString(spark, SPARK_JSON);
        Suite.append(mapper, all, jar);
        Suite.append(mapper, all, spark);
        Path results = dir.resolve("results.json");
        mapper.writeValue(results.toFile(), all);

        Results read = Results.read(results);
        assertEquals(9, read.all().size());
        assertEquals(200000.0, read.find(Point.of(LOCAL)).orElseThrow().score(), 0);
        String md = Summary.markdown(List.of(), SPARK_LINES, read);
        Comparison vsRunner = SPARK_LINES.stream().filter(c -> c.what().contains("batch runner")).findFirst().orElseThrow();
        Comparison vsFloor = SPARK_LINES.stream().filter(c -> c.what().contains("passing the same rows")).findFirst().orElseThrow();
        // Spark's 200,000 rows/s against the runner's 400,000 and Spark's own floor of 800,000.
        assertTrue(md.contains("| Spark | " + vsRunner.what() + " | 0.50× |"), md);
        assertTrue(md.contains("| Spark | " + vsFloor.what() + " | 0.25× |"), md);
        assertTrue(md.contains("| SparkScoringBenchmark.sparkLocal |  | 200,000 ± 5,000 | ops/s | 1500 B/op |"), md);
        assertTrue(md.contains("| A.fast | n=1 |"), md);
    }

    private static String after(List<String> command, String option) {
        int at = command.indexOf(option);
        assertTrue(at >= 0 && at + 1 < command.size(), option + " in " + command);
        return command.get(at + 1);
    }

    @Test
    void theSummaryHeaderSaysHowTheSparkLinesWereMeasured() {
        assertTrue(Suite.header("short").get(0).contains("Spark lines: " + SparkPart.profileText("short")), Suite.header("short").toString());
        assertTrue(Suite.header("full").get(0).contains("Spark lines: " + SparkPart.profileText("full")), Suite.header("full").toString());
        assertFalse(Suite.header("summarize").get(0).contains("Spark lines"), Suite.header("summarize").toString());
    }
}
