#!/usr/bin/env bash
# Builds the benchmarks and runs the suite: ./benchmarks/run-suite.sh [short|full] [OUT_DIR]
# Writes OUT_DIR/results.json (JMH) and OUT_DIR/summary.md (ratios against the baselines of the same run).
# The Spark benchmark (model-spark's SparkScoringBenchmark) cannot be in the shaded benchmarks.jar (Spark is
# ~290 MB and provided), so this also builds model-spark's test classes and their test class path into a file
# and passes it to Suite (-Dsuite.spark.classpath), which runs that benchmark in a child JVM and adds its
# results to the same results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-short}"
out="${2:-benchmarks/results}"
# build-classpath writes each module's own target/test.classpath (the path is relative to the module).
mvn -B -q -pl benchmarks,model-spark -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
spark_cp=model-spark/target/spark-bench.classpath
echo "$PWD/model-spark/target/test-classes:$PWD/model-spark/target/classes:$(cat model-spark/target/test.classpath)" > "$spark_cp"
java "-Dsuite.spark.classpath=$spark_cp" -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite "$profile" "$out"
