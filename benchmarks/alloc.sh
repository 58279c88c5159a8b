#!/usr/bin/env bash
# Server-side bytes allocated per request, Arbor (dev.arbor.bench.BenchApp) against the raw Jetty baseline
# (dev.arbor.bench.RawJettyServer), scenario by scenario, in one run.
#
#   benchmarks/alloc.sh                                              # the jar built from this checkout
#   BENCH_JAR=/work/bench-before/benchmarks.jar JAR_NOTE="main at bf9c271" benchmarks/alloc.sh   # a jar built from another commit
#   SCENARIOS="action" WARMUP=20000 benchmarks/alloc.sh
#
# Scenarios (SCENARIOS, space-separated; default: product fortunes action action-enhanced):
#   product           GET /api/products/1                   route + database + Jackson + ETag
#   fortunes          GET /bench/fortunes                   a page rendered by a typed JTE template (no cookie sent)
#   action            POST /bench/board, no JavaScript      the request benchmarks/scenario.lua sends in its action
#                                                           scenario (every hidden field of the board form, a note,
#                                                           Origin), plus the cookies GET /bench/board set (the CSRF
#                                                           anchor, whatever the build names it): answered 303
#   action-enhanced   the same with Arbor-Enhanced: 1       answered 204
#   plaintext         GET /bench/plaintext                  the framework's floor
#
# Method. Each server and scenario gets a JVM of its own (HEAP for -Xms and -Xmx, as in run.sh) on a fresh copy of a
# database prepared beforehand: what C2 compiles, and so what escape analysis removes, then depends on that
# scenario only, not on which ran before it (that moved the action's figure by about 1 KiB), and every action
# measurement starts from the same rows. A client in another process (benchmarks/alloc/AllocProbe.java,
# run by the JDK's source launcher, so it needs nothing from the jar under measurement) attaches to the server,
# starts its local JMX agent and reads com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes(): every byte
# allocated on the heap by the JVM's threads since start, exited threads included. Virtual threads allocate in
# their carrier thread's TLAB, so the count covers the request handlers; it also covers Jetty's selector threads
# and database background work a request causes. Per scenario: WARMUP requests (so that C2 has compiled the path,
# and its escape analysis removed what it removes), then ROUNDS rounds of REQUESTS requests, one keep-alive
# connection, one request at a time; each answer's status is checked (200, or 303/204 for actions). A round's figure
# is (allocated after - allocated before - the cost of one counter reading over JMX) / REQUESTS; the table gives the
# median of the rounds in KiB and their spread. What the server allocates idle (no request) is printed alongside:
# it is the JMX reading itself, about 7 KB per second, already subtracted. Runs of the same jar agree within about
# 0.4 KiB per request (a scenario whose code did not change moves that much between two runs). The action rounds include H2's INSERT, whose cost grows slowly with the
# table (both servers write the same rows), so compare runs with the same WARMUP, ROUNDS and REQUESTS (the defaults).
# JMH's -prof gc would count the whole JMH JVM (load generator included); this counts only the server.
# To see which threads allocate (carriers of the virtual threads, Jetty's selectors, ...), run the client by hand
# against a running server with -Dalloc.threads=true: it prints bytes per request by thread name after each round.
#
# Settings (environment):
#   BENCH_JAR           the benchmarks.jar to measure (benchmarks/target/benchmarks.jar, built when missing or stale;
#                       a jar given here is never rebuilt)
#   JAR_NOTE            what the jar was built from, printed in the table (default: this checkout when the jar is its own)
#   WARMUP / ROUNDS / REQUESTS   requests before measuring, rounds, requests per round (30000 / 5 / 4000)
#   HEAP                fixed JVM heap of both servers, -Xms = -Xmx (256m)
#   ARBOR_PORT / RAW_PORT   loopback ports (18080 / 18081)
#   SERVERS             which to measure: "arbor raw" (default), or one of them
#   BENCH_JAVA_HOME     the JDK that runs both servers and the client (/usr/lib/jvm/temurin-25-jdk-amd64)
#   RESULTS_FILE        where the table goes (benchmarks/results/alloc-latest.txt); server logs go to benchmarks/target/alloc-logs/
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

WARMUP=${WARMUP:-30000}
ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-4000}
HEAP=${HEAP:-256m}
ARBOR_PORT=${ARBOR_PORT:-18080}
RAW_PORT=${RAW_PORT:-18081}
read -r -a SERVERS <<<"${SERVERS:-arbor raw}"
read -r -a SCENARIOS <<<"${SCENARIOS:-product fortunes action action-enhanced}"
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
HOST=127.0.0.1
RESULTS=${RESULTS_FILE:-benchmarks/results/alloc-latest.txt}
LOGS=benchmarks/target/alloc-logs
PROBE=benchmarks/alloc/AllocProbe.java
JVM_FLAGS=(-Xms"$HEAP" -Xmx"$HEAP")
# An upper bound on the client's run: every request at 100/s, which even a loaded machine beats.
PROBE_TIMEOUT=$(( (WARMUP + ROUNDS * REQUESTS) * ${#SCENARIOS[@]} / 100 + 120 ))

BENCH_NAME=alloc
source benchmarks/lib.sh

[[ -x "$JAVA" ]] || die "no java at $JAVA (set BENCH_JAVA_HOME to a JDK 21+)"
for s in "${SCENARIOS[@]}"; do
    case "$s" in product|fortunes|action|action-enhanced|plaintext) ;; *) die "unknown scenario '$s'" ;; esac
done
for s in "${SERVERS[@]}"; do [[ $s == arbor || $s == raw ]] || die "SERVERS holds arbor and/or raw, not '$s'"; done

if [[ -n "${BENCH_JAR:-}" ]]; then
    [[ -f "$BENCH_JAR" ]] || die "no jar at BENCH_JAR=$BENCH_JAR"
    JAR_NOTE=${JAR_NOTE:-"not said (set JAR_NOTE)"}
else
    JAR_NOTE=${JAR_NOTE:-"this checkout, $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + local changes')"}
    BENCH_JAR=benchmarks/target/benchmarks.jar
    if stale "$BENCH_JAR" "${FRAMEWORK_SOURCES[@]}" benchmarks/pom.xml benchmarks/src/main; then
        log "building (./mvnw -q -B -o -pl benchmarks -am -DskipTests package)"
        ./mvnw -q -B -o -pl benchmarks -am -DskipTests package >&2 || die "the build failed"
    fi
fi

take_bench_lock
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/arbor-alloc.XXXXXX")
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
SERVER_PID=""
cleanup() {
    if [[ -n "$CLIENT_PID" ]]; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
    stop_pid "$SERVER_PID"
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_of() { if [[ $1 == raw ]]; then echo "$RAW_PORT"; else echo "$ARBOR_PORT"; fi; }
start_server() { # arbor|raw|prepare data-directory
    local name=$1 port main
    port=$(port_of "$name")
    if [[ $name == raw ]]; then main=dev.arbor.bench.RawJettyServer; else main=dev.arbor.bench.BenchApp; fi
    port_in_use "$port" && die "port $port is taken (set ARBOR_PORT / RAW_PORT)"
    "$JAVA" "${JVM_FLAGS[@]}" -cp "$BENCH_JAR" "$main" "$port" "$2" "$HOST" >"$LOGS/$name.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "http://$HOST:$port/bench/plaintext" "$SERVER_PID" "$name" "$LOGS/$name.log"
}

# Runs the client in the background and waits for it, so that a signal reaches the traps at once.
run_probe() { # output-file command...
    local out=$1; shift
    timeout "$PROBE_TIMEOUT" "$@" >"$out" 2>"$out.err" &
    CLIENT_PID=$!
    wait "$CLIENT_PID" || die "the client failed; see $out.err"
    CLIENT_PID=""
}

# The first Arbor process creates the database (migrations, seeded rows, the benchmark tables); each measured
# server then opens its own copy of that file.
log "preparing the database ($BENCH_JAR)"
mkdir -p "$DATA_DIR/prepare"
start_server prepare "$DATA_DIR/prepare"
stop_pid "$SERVER_PID"; SERVER_PID=""

declare -A RESULT
for server in "${SERVERS[@]}"; do
    for scenario in "${SCENARIOS[@]}"; do
        rm -rf "${DATA_DIR:?}/$server"
        cp -a "$DATA_DIR/prepare" "$DATA_DIR/$server"
        start_server "$server" "$DATA_DIR/$server"
        log "$server $scenario: $WARMUP requests of warm-up, then $ROUNDS rounds of $REQUESTS"
        out="$LOGS/$server-$scenario.probe.txt"
        run_probe "$out" "$JAVA" -Dalloc.warmup="$WARMUP" -Dalloc.rounds="$ROUNDS" -Dalloc.requests="$REQUESTS" \
            "$PROBE" "$SERVER_PID" "http://$HOST:$(port_of "$server")" "$scenario"
        line=$(grep '^ALLOC_RESULT' "$out") || die "no result in $out"
        RESULT[$server/$scenario]=$line
        log "$server $scenario: $line"
        stop_pid "$SERVER_PID"; SERVER_PID=""
    done
done

# ---- report --------------------------------------------------------------------------------------------
declare -A LABELS=(
    [plaintext]="GET /bench/plaintext"
    [product]="GET /api/products/1 (JSON)"
    [fortunes]="GET /bench/fortunes (page)"
    [action]="POST /bench/board, no JS (303)"
    [action-enhanced]="POST /bench/board, enhanced (204)"
)
field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<<"${RESULT[$1]:-}"; }
kib() { awk -v b="$1" 'BEGIN { if (b == "") print "-"; else printf "%.1f", b / 1024 }'; }
jar_note() {
    local sum
    sum=$(sha256sum "$BENCH_JAR" | cut -c1-12)
    echo "$BENCH_JAR (sha256 $sum, built $(date -u -r "$BENCH_JAR" '+%Y-%m-%d %H:%M UTC'))"
}
{
    echo "Server-side allocation per request (benchmarks/alloc.sh), measured $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "jar: $(jar_note), built from: $JAR_NOTE"
    echo "java: $("$JAVA" -version 2>&1 | head -1); servers: ${JVM_FLAGS[*]}; per scenario $WARMUP requests of warm-up, then $ROUNDS rounds of $REQUESTS, one connection"
    echo
    printf '%-36s %12s %12s %12s   %s\n' scenario "Arbor KiB" "raw KiB" "Arbor-raw" "spread of the rounds (KiB, min-max): Arbor; raw"
    for s in "${SCENARIOS[@]}"; do
        a=$(field "arbor/$s" median_bytes); r=$(field "raw/$s" median_bytes)
        d=""; [[ -n $a && -n $r ]] && d=$(( a - r ))
        printf '%-36s %12s %12s %12s   %s-%s; %s-%s\n' "${LABELS[$s]}" "$(kib "$a")" "$(kib "$r")" "$(kib "$d")" \
            "$(kib "$(field "arbor/$s" min_bytes)")" "$(kib "$(field "arbor/$s" max_bytes)")" \
            "$(kib "$(field "raw/$s" min_bytes)")" "$(kib "$(field "raw/$s" max_bytes)")"
    done
    echo
    echo "KiB per request: median of the rounds. Per round, in bytes per request:"
    for key in $(printf '%s\n' "${!RESULT[@]}" | sort); do
        echo "  $key: $(field "$key" rounds) (idle server: $(field "$key" idle_bytes_per_s) bytes/s; one counter reading: $(field "$key" read_cost_bytes) bytes, subtracted)"
    done
} | tee "$RESULTS"
log "table written to $RESULTS; server and client output in $LOGS"
