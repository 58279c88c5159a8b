#!/usr/bin/env bash
# Load benchmark: the shop (Arbor) against a raw Jetty 12 handler doing the same work, in one run.
#
#   benchmarks/run.sh                        # defaults: 10 s warm-up + 20 s measured per scenario, 2 wrk threads, 32 connections
#   DURATION=30 CONNECTIONS=64 benchmarks/run.sh
#
# Settings (environment):
#   DURATION     measured seconds per scenario and server (20)
#   WARMUP       warm-up seconds before each measured run (10)
#   CONNECTIONS  wrk connections (32)
#   THREADS      wrk threads (2)
#   HEAP         fixed JVM heap of both servers, -Xms = -Xmx (256m)
#   ARBOR_PORT / RAW_PORT   loopback ports of the two servers (18080 / 18081)
#   SCENARIOS    space-separated, from: products post home (products post). "home" is a probe without database
#                or JSON work (GET /: a constant HTML page on both sides) that shows the framework's own cost.
#   ORDER        arbor-first or raw-first: which server is measured first (arbor-first)
#   BUILD        auto (build when a jar is missing or older than the sources), always, never (auto)
#   BENCH_JAVA_HOME   the JDK that builds and runs both servers (/usr/lib/jvm/temurin-25-jdk-amd64)
#
# Only loopback traffic: both servers listen on 127.0.0.1 and wrk calls 127.0.0.1.
# The table goes to stdout and to benchmarks/results/latest.txt (or $RESULTS_FILE); wrk's full output to benchmarks/target/bench-logs/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
HEAP=${HEAP:-256m}
ARBOR_PORT=${ARBOR_PORT:-18080}
RAW_PORT=${RAW_PORT:-18081}
BUILD=${BUILD:-auto}
ORDER=${ORDER:-arbor-first}
SCENARIO_LIST=${SCENARIOS:-products post}
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
HOST=127.0.0.1

SHOP_JAR=examples/shop/target/shop.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/wrk-report.lua
RESULTS=${RESULTS_FILE:-benchmarks/results/latest.txt}
LOGS=benchmarks/target/bench-logs
JVM_FLAGS=(-Xms"$HEAP" -Xmx"$HEAP")

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -x "$JAVA" ]] || die "no java at $JAVA (set BENCH_JAVA_HOME to a JDK 21+)"

# ---- build ---------------------------------------------------------------------------------------------
needs_build() {
    [[ -f "$SHOP_JAR" && -f "$BENCH_JAR" ]] || return 0
    local oldest="$SHOP_JAR"
    [[ "$BENCH_JAR" -ot "$oldest" ]] && oldest="$BENCH_JAR"
    [[ -n $(find pom.xml arbor-*/pom.xml arbor-*/src/main examples/shop/pom.xml examples/shop/src/main \
                 benchmarks/pom.xml benchmarks/src/main -type f -newer "$oldest" -print -quit 2>/dev/null) ]]
}
case "$BUILD" in
    always) do_build=1 ;;
    never) do_build=0 ;;
    *) if needs_build; then do_build=1; else do_build=0; fi ;;
esac
if [[ $do_build == 1 ]]; then
    log "building (./mvnw -q -B -DskipTests package)"
    ./mvnw -q -B -DskipTests package >&2 || die "the build failed"
fi
[[ -f "$SHOP_JAR" && -f "$BENCH_JAR" ]] || die "missing $SHOP_JAR or $BENCH_JAR after the build"

# ---- wrk ---------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    SUDO=""; [[ $(id -u) == 0 ]] || SUDO="sudo"
    if ! $SUDO apt-get install -y -q wrk >/dev/null 2>&1; then
        $SUDO apt-get update -q >/dev/null
        $SUDO apt-get install -y -q wrk >/dev/null
    fi
fi
command -v wrk >/dev/null || die "wrk is not installed"

# ---- servers -------------------------------------------------------------------------------------------
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/arbor-bench.XXXXXX")
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
SERVER_PID=""

stop_server() {
    local pid=$SERVER_PID
    [[ -n "$pid" ]] || return 0
    SERVER_PID=""
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
WRK_PID=""
# Runs wrk in the background and waits for it, so that a signal reaches the traps at once.
run_wrk() { # output-file wrk-arguments...
    local out=$1; shift
    timeout $((DURATION + WARMUP + 30)) wrk "$@" >"$out" 2>"$out.err" &
    WRK_PID=$!
    wait "$WRK_PID" || die "wrk failed; see $out.err"
    WRK_PID=""
}
# CPU seconds (user + system) of this script's reaped children, from the 'times' builtin.
children_cpu() { awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"; }
cleanup() {
    if [[ -n "$WRK_PID" ]]; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
    stop_server
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

wait_ready() { # url pid name
    for _ in $(seq 1 300); do
        kill -0 "$2" 2>/dev/null || die "$3 exited during start-up; see $LOGS/$3.log"
        if curl -sf -o /dev/null --max-time 2 "$1"; then return 0; fi
        sleep 0.1
    done
    die "$3 not ready after 30 s; see $LOGS/$3.log"
}

CLK_TCK=$(getconf CLK_TCK)
# "busy total" jiffies of the whole machine, summed over CPUs (idle and iowait count as not busy).
machine_jiffies() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
# utime + stime of a process, in jiffies (fields 14 and 15 of /proc/PID/stat, counted after the command name).
process_jiffies() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

start_shop() {
    port_in_use "$ARBOR_PORT" && die "port $ARBOR_PORT is taken (set ARBOR_PORT)"
    HOST=$HOST PORT=$ARBOR_PORT DATA_DIR=$DATA_DIR "$JAVA" "${JVM_FLAGS[@]}" -jar "$SHOP_JAR" >"$LOGS/arbor.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "http://$HOST:$ARBOR_PORT/api/products?page=1&size=1" "$SERVER_PID" arbor
}

start_raw() {
    port_in_use "$RAW_PORT" && die "port $RAW_PORT is taken (set RAW_PORT)"
    "$JAVA" "${JVM_FLAGS[@]}" -cp "$BENCH_JAR" dev.arbor.bench.RawJettyServer "$RAW_PORT" "$DATA_DIR" "$HOST" >"$LOGS/raw.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "http://$HOST:$RAW_PORT/api/products?page=1&size=1" "$SERVER_PID" raw
}

# ---- measurement -------------------------------------------------------------------------------------
declare -A RPS P99 P50 RSS ERRS CPU
SCENARIOS=()
declare -A PATHS

run_scenario() { # server scenario port
    local server=$1 scenario=$2 port=$3
    local url="http://$HOST:$port${PATHS[$scenario]}"
    # The answer both servers must give, kept to compare them: body and ETag.
    curl -sf -D "$LOGS/$server-$scenario.headers" -o "$LOGS/$server-$scenario.body" "$url" \
        || die "$server: GET $url did not answer 2xx"
    log "$server $scenario: warm-up ${WARMUP}s"
    run_wrk "$LOGS/$server-$scenario.warmup.txt" -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url"
    log "$server $scenario: measuring ${DURATION}s"
    local machine_before server_before machine_after server_after
    machine_before=$(machine_jiffies)
    server_before=$(process_jiffies "$SERVER_PID")
    times >"$LOGS/times.before"
    run_wrk "$LOGS/$server-$scenario.wrk.txt" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url"
    times >"$LOGS/times.after"
    server_after=$(process_jiffies "$SERVER_PID")
    machine_after=$(machine_jiffies)
    local line
    line=$(grep '^WRK_RESULT' "$LOGS/$server-$scenario.wrk.txt") || die "no wrk result in $LOGS/$server-$scenario.wrk.txt"
    local key="$server/$scenario"
    RPS[$key]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
    P99[$key]=$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line")
    P50[$key]=$(sed -E 's/.* p50_us=([0-9]+).*/\1/' <<<"$line")
    ERRS[$key]=$(awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect_err|read_err|write_err|timeouts)=/) { split($i, kv, "="); n += kv[2] } print n }' <<<"$line")
    RSS[$key]=$(rss_mb "$SERVER_PID")
    # CPU accounting over the measured run, in CPUs (1.00 = one core busy the whole time): the server, wrk, and
    # everything else on the machine. The server's CPU time per request is the figure least moved by a noisy machine.
    local requests
    requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
    CPU[$key]=$(awk -v mb="$machine_before" -v ma="$machine_after" -v sb="$server_before" -v sa="$server_after" \
        -v wt="$(children_cpu "$LOGS/times.after") $(children_cpu "$LOGS/times.before")" -v hz="$CLK_TCK" -v n="$requests" -v ncpu="$(nproc)" 'BEGIN {
        split(mb, b, " "); split(ma, a, " "); split(wt, w, " ")
        total = (a[2] - b[2]) / hz; busy = (a[1] - b[1]) / hz; server = (sa - sb) / hz; wrk = w[1] - w[2]
        other = busy - server - wrk; if (other < 0) other = 0
        printf "server %.0f us CPU/request; CPUs busy: server %.2f, wrk %.2f, other processes %.2f",
            server * 1e6 / n, server * ncpu / total, wrk * ncpu / total, other * ncpu / total }')
    log "$server $scenario: ${RPS[$key]} req/s, p99 ${P99[$key]} us, errors ${ERRS[$key]}, RSS ${RSS[$key]} MB; ${CPU[$key]}"
}

log "data directory $DATA_DIR"
# Preparation: a first shop process creates the database (Flyway migrations, seeded products) and one post.
# It is then stopped, so both measured servers open the same existing H2 file the same way.
log "preparing the database: starting the shop on $HOST:$ARBOR_PORT"
start_shop
SEED_TITLE="Benchmark post"
SEED_CONTENT="A post seeded by benchmarks/run.sh. Arbor serves it through GET /api/posts/{id}; the raw Jetty baseline serves the same row from the same H2 file with the same JDBI query and the same Jackson serialization."
post_id=$(curl -sf -X POST -H 'Content-Type: application/json' \
    --data "{\"title\":\"$SEED_TITLE\",\"content\":\"$SEED_CONTENT\"}" "http://$HOST:$ARBOR_PORT/api/posts" \
    | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2) || true
[[ -n "$post_id" ]] || die "could not seed a post through POST /api/posts"
log "seeded post $post_id; stopping the preparing shop (H2 file databases are single-process)"
stop_server

read -r -a SCENARIOS <<<"$SCENARIO_LIST"
PATHS[products]="/api/products?page=1&size=20"
PATHS[post]="/api/posts/$post_id"
PATHS[home]="/"
declare -A LABELS=([products]="GET /api/products?page=1&size=20" [post]="GET /api/posts/{id}" [home]="GET / (probe, constant HTML)")
for s in "${SCENARIOS[@]}"; do [[ -n "${PATHS[$s]:-}" ]] || die "unknown scenario '$s' (products, post, home)"; done

# One server at a time on the same data directory; each is stopped before the next starts.
case "$ORDER" in
    arbor-first) SERVERS=(arbor raw) ;;
    raw-first) SERVERS=(raw arbor) ;;
    *) die "ORDER is arbor-first or raw-first, was '$ORDER'" ;;
esac
for server in "${SERVERS[@]}"; do
    if [[ $server == arbor ]]; then
        log "starting the shop (Arbor) on $HOST:$ARBOR_PORT"
        start_shop
        port=$ARBOR_PORT
    else
        log "starting the raw Jetty server on $HOST:$RAW_PORT"
        start_raw
        port=$RAW_PORT
    fi
    for scenario in "${SCENARIOS[@]}"; do run_scenario "$server" "$scenario" "$port"; done
    log "stopping $server"
    stop_server
done

# ---- report --------------------------------------------------------------------------------------------
same_answers() {
    local s=$1
    if [[ $s == home ]]; then echo "different pages by design ($(wc -c <"$LOGS/arbor-$s.body") and $(wc -c <"$LOGS/raw-$s.body") bytes)"; return; fi
    cmp -s "$LOGS/arbor-$s.body" "$LOGS/raw-$s.body" || { echo "bodies differ"; return; }
    local a r
    a=$(grep -i '^etag:' "$LOGS/arbor-$s.headers" | tr -d '\r' || true)
    r=$(grep -i '^etag:' "$LOGS/raw-$s.headers" | tr -d '\r' || true)
    [[ "$a" == "$r" ]] || { echo "ETags differ"; return; }
    echo "same body$([[ -n "$a" ]] && echo " and ETag")"
}

{
    echo "Arbor (shop) vs raw Jetty 12, same work, same H2 data directory, measured $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "java: $("$JAVA" -version 2>&1 | head -1); both servers: ${JVM_FLAGS[*]}"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency after a ${WARMUP}s warm-up; client and servers share the CPUs; order: ${SERVERS[*]}"
    echo
    printf '%-34s %12s %12s %10s %11s %11s %10s %10s\n' scenario "Arbor req/s" "raw req/s" "Arbor/raw" "Arbor p99" "raw p99" "Arbor RSS" "raw RSS"
    for s in "${SCENARIOS[@]}"; do
        awk -v label="${LABELS[$s]}" -v a="${RPS[arbor/$s]}" -v r="${RPS[raw/$s]}" -v ap="${P99[arbor/$s]}" -v rp="${P99[raw/$s]}" \
            -v am="${RSS[arbor/$s]}" -v rm="${RSS[raw/$s]}" 'BEGIN {
            printf "%-34s %12.0f %12.0f %10.2f %8.2f ms %8.2f ms %7d MB %7d MB\n", label, a, r, a / r, ap / 1000, rp / 1000, am, rm }'
    done
    echo
    for s in "${SCENARIOS[@]}"; do
        echo "${LABELS[$s]}: p50 Arbor $(awk -v v="${P50[arbor/$s]}" 'BEGIN { printf "%.2f", v / 1000 }') ms, raw $(awk -v v="${P50[raw/$s]}" 'BEGIN { printf "%.2f", v / 1000 }') ms;" \
             "errors/non-2xx Arbor ${ERRS[arbor/$s]}, raw ${ERRS[raw/$s]}; answers: $(same_answers "$s")"
    done
    for s in "${SCENARIOS[@]}"; do
        echo "${LABELS[$s]}: Arbor ${CPU[arbor/$s]}"
        echo "${LABELS[$s]}: raw   ${CPU[raw/$s]}"
    done
    echo "RSS: VmRSS of each server process right after that scenario's measured run."
} | tee "$RESULTS"
log "table written to $RESULTS; wrk output in $LOGS"
