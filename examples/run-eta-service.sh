#!/usr/bin/env bash
# The online ETA service (primary v1, a 10 % canary of v2, v3 in shadow) on http://127.0.0.1:8080, its
# monitoring report on /admin/report:
# builds the example jar, publishes the three model versions to a local store on first start, then
# serves until Ctrl-C. Extra arguments go to the service, e.g. --port 9090 --dir /tmp/eta --drift-window 500.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl examples -am package -DskipTests
exec java -Dsun.net.httpserver.nodelay=true -cp examples/target/lead-scoring.jar dev.modeldeploy.examples.eta.EtaService "$@"
