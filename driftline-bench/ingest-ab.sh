#!/usr/bin/env bash
# Issue 8's HTTP figures, A/B: each scenario runs once per jar, alternating, ROUNDS times, against
# a fresh server with a fresh data directory on 127.0.0.1. The load generator is always the first
# jar's, so only the server differs. Prints one line per run; the JSON summaries stay in $OUT.
#
#   driftline-bench/ingest-ab.sh SCENARIO JAR [JAR ...]
#
# Scenarios (docs/benchmarks.md, "Ingest throughput and latency"):
#   open10k   single POSTs at a fixed 10,000 requests/s, 64 connections, 40 s warm-up, 30 s measured
#   probes    the same load plus 100 visibility probes (202 -> state visible), 60 s warm-up
#   closed    closed loop, 256 connections: GET /health/live, the same single POSTs to the
#             reference endpoint POST /bench/empty (reads the body, stores nothing), then to
#             /v1/telemetry; twice, on one server that was warmed 15 s (each run: 10 s warm-up,
#             10 s measured); after each triple a line with ingest / GET and ingest / empty POST
#   batch     batches of 1000 objects (2,000 samples), 4 and then 16 connections, 20 s each
#
# Environment: ROUNDS (default 2), OUT (default /tmp/driftline-ab), PORT (default 18000),
# LOADGEN_ARGS (appended to every loadgen command, e.g. "--client socket"), SERVER_JAVA_OPTS (JVM
# options of the servers, e.g. "-Xlog:gc:file=/tmp/gc.log"), GENERATOR_NICE (the generator's
# nice value, default 0; negative needs root),
# JAVA (default: the launcher's), DRIFTLINE_* settings pass through to the servers.
# Server and generator CPU are read from /proc over the measured interval only (Linux).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n 2,20p "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 2 ] || usage
scenario=$1
shift
jars=("$@")
for j in "${jars[@]}"; do [ -f "$j" ] || { echo "no such jar: $j" >&2; exit 2; }; done
ROUNDS=${ROUNDS:-2}
OUT=${OUT:-/tmp/driftline-ab}
PORT=${PORT:-18000}
JAVA=${JAVA:-$(DRIFTLINE_SKIP_BUILD=1 bin/driftline --launcher-info | sed -n 's/^java: //p')}
URL=http://127.0.0.1:$PORT
GEN=${jars[0]}
mkdir -p "$OUT"
hz=$(getconf CLK_TCK)

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

start_server() { # jar data-dir
  rm -rf "$2"
  DRIFTLINE_SERVER_REFERENCE_ENDPOINT=true "$JAVA" ${SERVER_JAVA_OPTS:-} -jar "$1" serve --host 127.0.0.1 --port "$PORT" --data-dir "$2" >"$2.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "$URL/health/live" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start, see $2.log" >&2
  exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/${1:-$server_pid}/stat"; }

# Runs the generator; prints "rate p50 p99 max errors unsent server-us/request generator-us/request
# [probe p50 p99]".
load() { # name warmup-s duration-s args...
  local name=$1 warm=$2 dur=$3
  shift 3
  local json=$OUT/$name.json
  nice -n "${GENERATOR_NICE:-0}" "$JAVA" -jar "$GEN" loadgen --url "$URL" --warmup "${warm}s" --duration "${dur}s" \
    --json "$json" "$@" ${LOADGEN_ARGS:-} >"$OUT/$name.txt" 2>&1 &
  local gen=$!
  sleep "$warm"
  local c0 g0
  c0=$(cpu_ticks)
  g0=$(cpu_ticks "$gen")
  sleep "$dur"
  local c1 g1
  c1=$(cpu_ticks)
  g1=$(cpu_ticks "$gen")
  wait "$gen" || echo "  (generator exit $?: see $OUT/$name.txt)"
  jq -r --argjson cpu "$((c1 - c0))" --argjson gcpu "$((g1 - g0))" --argjson hz "$hz" '
    [ (.requests_per_second | floor),
      (.samples_per_second | floor),
      .latency_ms.p50, .latency_ms.p99, .latency_ms.max, (.errors | length), .unsent,
      ((($cpu / $hz) * 1e6 / (.requests | if . == 0 then 1 else . end)) | floor),
      ((($gcpu / $hz) * 1e6 / (.requests | if . == 0 then 1 else . end)) | floor),
      (if .visibility then .visibility.p50_ms, .visibility.p99_ms else empty end)
    ] | @tsv' "$json"
}

echo "# $scenario: rounds $ROUNDS, generator $GEN, $(nproc) cores, $(date -u +%FT%TZ)"
echo "# columns: run, requests/s, samples/s, p50 ms, p99 ms, max ms, error kinds, unsent, server CPU us/request, generator CPU us/request[, probe p50, p99 ms]"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!jars[@]}"; do
    jar=${jars[$i]}
    tag="jar$i-r$round"
    data=$OUT/data-$tag
    start_server "$jar" "$data"
    case $scenario in
      open10k)
        printf '%s\t%s\n' "$tag" "$(load "$scenario-$tag" 40 30 --mode single --rate 10000 --connections 64)" ;;
      probes)
        printf '%s\t%s\n' "$tag" "$(load "$scenario-$tag" 60 30 --mode single --rate 10000 --connections 64 --probes 100)" ;;
      closed)
        nice -n "${GENERATOR_NICE:-0}" "$JAVA" -jar "$GEN" loadgen --url "$URL" --mode single --max --connections 64 --duration 15s >/dev/null 2>&1 || true
        for k in 1 2; do
          printf '%s\tget%s\t%s\n' "$tag" "$k" "$(load "$scenario-$tag-get$k" 10 10 --mode get --max --connections 256)"
          printf '%s\tempty%s\t%s\n' "$tag" "$k" "$(load "$scenario-$tag-empty$k" 10 10 --mode single --path /bench/empty --max --connections 256)"
          printf '%s\tpost%s\t%s\n' "$tag" "$k" "$(load "$scenario-$tag-post$k" 10 10 --mode single --max --connections 256)"
          jq -rn --slurpfile g "$OUT/$scenario-$tag-get$k.json" --slurpfile e "$OUT/$scenario-$tag-empty$k.json" \
            --slurpfile p "$OUT/$scenario-$tag-post$k.json" --arg tag "$tag" --arg k "$k" '
            def ratio(a; b): if b == 0 then "n/a" else (a / b * 100 | round / 100 | tostring) end;
            "\($tag)\tratio\($k)\tingest/GET \(ratio($p[0].requests_per_second; $g[0].requests_per_second))\tingest/empty POST \(ratio($p[0].requests_per_second; $e[0].requests_per_second))"' \
            || echo "$tag	ratio$k	(a run of the three left no summary)"
        done ;;
      batch)
        for c in 4 16; do
          printf '%s\tc%s\t%s\n' "$tag" "$c" "$(load "$scenario-$tag-c$c" 5 20 --mode batch --max --connections "$c")"
        done ;;
      *) usage ;;
    esac
    stop_server
  done
done
