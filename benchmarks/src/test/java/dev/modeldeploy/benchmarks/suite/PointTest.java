package dev.modeldeploy.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointTest {

    @Test
    void aRelativeNameIsInBenchmarksJarAndAFullyQualifiedOneOutsideItIsNot() {
        Point jar = Point.of("OnnxModelBenchmark.onnxSingle");
        assertTrue(jar.inBenchmarksJar());
        assertEquals("dev.modeldeploy.benchmarks.OnnxModelBenchmark.onnxSingle", jar.qualifiedName());

        Point spark = Point.of("dev.modeldeploy.spark.bench.SparkScoringBenchmark.sparkLocal");
        assertFalse(spark.inBenchmarksJar());
        assertEquals("dev.modeldeploy.spark.bench.SparkScoringBenchmark.sparkLocal", spark.qualifiedName());
        assertTrue(spark.matches("dev.modeldeploy.spark.bench.SparkScoringBenchmark.sparkLocal", Map.of()));
        assertFalse(spark.matches("dev.modeldeploy.benchmarks.SparkScoringBenchmark.sparkLocal", Map.of()));
    }

    @Test
    void aBenchmarksJarMethodHasOneSpelling() {
        assertEquals(Point.of("OnnxModelBenchmark.onnxSingle"), Point.of("dev.modeldeploy.benchmarks.OnnxModelBenchmark.onnxSingle"));
        assertEquals("OnnxModelBenchmark.onnxSingle", Point.of("dev.modeldeploy.benchmarks.OnnxModelBenchmark.onnxSingle").benchmark());
    }

    @Test
    void namesThatAreNotClassAndMethodAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Point.of("onnxSingle"));
        assertThrows(IllegalArgumentException.class, () -> Point.of("dev.modeldeploy..X.m"));
        assertThrows(IllegalArgumentException.class, () -> Point.of("X.m("));
    }

    @Test
    void theSummaryNamesResultsByClassAndMethod() {
        assertEquals("SparkScoringBenchmark.sparkLocal", Point.shortName("dev.modeldeploy.spark.bench.SparkScoringBenchmark.sparkLocal"));
        assertEquals("OnnxModelBenchmark.onnxSingle", Point.shortName("dev.modeldeploy.benchmarks.OnnxModelBenchmark.onnxSingle"));
        assertEquals("A.b", Point.shortName("A.b"));
    }
}
