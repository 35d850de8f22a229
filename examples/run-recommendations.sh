#!/usr/bin/env bash
# The recommendations batch job end to end on embedded defaults (SQLite, a local model store): builds
# the example jar, then runs one time zone's job. Extra arguments go to the job, e.g.
# --timezone Asia/Tokyo --date 2026-11-23.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl examples -am package -DskipTests
exec java -cp examples/target/lead-scoring.jar dev.modeldeploy.examples.recommendations.RecommendationsJob "$@"
