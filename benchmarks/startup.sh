#!/usr/bin/env bash
# Start-up of the shop: milliseconds from process start to the first 200 (GET /api/health, then the first page,
# GET /products), and RSS once idle. Runs the shop RUNS times on a database created beforehand, and prints each
# run and the median.
#
#   benchmarks/startup.sh                      # with the JDK's AOT cache (trained once, kept in benchmarks/target/shop.aot)
#   AOT=off benchmarks/startup.sh              # plain java -jar
#   JVM_OPTS="-Xmx96m -XX:+UseSerialGC" benchmarks/startup.sh
#
# Settings: RUNS (5), PORT (18090), AOT (on|off), JVM_OPTS (the README's heap setting), BENCH_JAVA_HOME (JDK 25 here).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
PORT=${PORT:-18090}
AOT=${AOT:-on}
read -r -a OPTS <<<"${JVM_OPTS:--Xmx64m -XX:+UseSerialGC}"
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JAR=examples/shop/target/shop.jar
CACHE=benchmarks/target/shop.aot
BENCH_NAME=startup
source benchmarks/lib.sh

if stale "$JAR" "${FRAMEWORK_SOURCES[@]}"; then
    log "building (./mvnw -q -B -DskipTests package)"
    ./mvnw -q -B -DskipTests package >&2
fi
take_bench_lock
DATA=$(mktemp -d "${TMPDIR:-/tmp}/arbor-startup.XXXXXX")
PID=""
cleanup() { [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
mkdir -p benchmarks/target

now_ms() { date +%s%3N; }
wait_200() { until curl -sf -o /dev/null --max-time 1 "$1"; do kill -0 "$PID" 2>/dev/null || { echo "the shop exited; see $DATA/shop.log" >&2; exit 1; }; sleep 0.002; done; }
run_shop() { PORT=$PORT HOST=127.0.0.1 DATA_DIR=$DATA "$JAVA" "$@" -jar "$JAR" >"$DATA/shop.log" 2>&1 & PID=$!; }
stop_shop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

# The first start creates and migrates the database; the measured ones open it, as a deployed shop does.
log "creating the database"
run_shop "${OPTS[@]}"; wait_200 "http://127.0.0.1:$PORT/api/health"; stop_shop

AOT_FLAGS=()
if [[ $AOT == on ]]; then
    if [[ ! -f $CACHE || $CACHE -ot $JAR ]]; then
        log "training the AOT cache ($CACHE): one run that serves a few pages"
        rm -f "$CACHE"
        run_shop "${OPTS[@]}" -XX:AOTCacheOutput="$CACHE"
        wait_200 "http://127.0.0.1:$PORT/api/health"
        for path in / /products /products/1 /posts /api/products /api/products/1 /signup /login /cart /todos; do
            curl -s -o /dev/null "http://127.0.0.1:$PORT$path"
        done
        stop_shop
    fi
    AOT_FLAGS=(-XX:AOTCache="$CACHE")
fi

ready=(); page=(); rss=()
for i in $(seq 1 "$RUNS"); do
    start=$(now_ms)
    run_shop "${OPTS[@]}" "${AOT_FLAGS[@]}"
    wait_200 "http://127.0.0.1:$PORT/api/health"
    t_ready=$(( $(now_ms) - start ))
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/products"
    t_page=$(( $(now_ms) - start ))
    sleep 5
    r=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
    stop_shop
    ready+=("$t_ready"); page+=("$t_page"); rss+=("$r")
    log "run $i: first 200 (/api/health) ${t_ready} ms, first page (/products) ${t_page} ms, idle RSS ${r} MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "shop start-up, $RUNS runs, $("$JAVA" -version 2>&1 | head -1), options: ${OPTS[*]} ${AOT_FLAGS[*]}"
echo "median: first 200 $(median "${ready[@]}") ms, first page $(median "${page[@]}") ms, idle RSS $(median "${rss[@]}") MB"
echo "runs (ms to first 200): ${ready[*]}; (ms to first page): ${page[*]}; (idle RSS MB): ${rss[*]}"
