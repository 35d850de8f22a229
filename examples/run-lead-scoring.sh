#!/usr/bin/env bash
# The lead-scoring batch job end to end on embedded defaults (SQLite, a local model store):
# builds the example jar, then runs it. Extra arguments go to the job, e.g. --date 2026-11-20.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl examples -am package -DskipTests
exec java -jar examples/target/lead-scoring.jar "$@"
