#!/usr/bin/env bash
# Builds the benchmarks and runs the suite: ./benchmarks/run-suite.sh [short|full] [OUT_DIR]
# Writes OUT_DIR/results.json (JMH) and OUT_DIR/summary.md (ratios against the baselines of the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-short}"
out="${2:-benchmarks/results}"
mvn -B -q -pl benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar dev.modeldeploy.benchmarks.suite.Suite "$profile" "$out"
