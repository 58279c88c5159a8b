#!/usr/bin/env bash
# Soak run: the shop plus its benchmark pages (dev.arbor.bench.BenchApp) under a steady mix of pages, JSON routes and
# actions for a few minutes, then three verdicts:
#   - no 5xx answer at all;
#   - no lost write: every action (303 / enhanced 204) and POST /api/users (201) the server confirmed is a row in the
#     database afterwards, counted in the H2 file once the server has stopped;
#   - no leak: the heap in use after a full GC during the last minute is not above the first minute's (within noise:
#     10 % + 4 MB), both printed.
# Exits 1 if any verdict fails.
#
#   benchmarks/soak.sh                      # 3 minutes
#   DURATION=600 benchmarks/soak.sh         # 10 minutes
#
# Settings (environment):
#   DURATION        soak seconds (180); at least 120, so that the first and the last minute do not overlap
#   WARMUP          seconds of the same mix before the soak, not judged (60). Shorter makes the first minute a
#                   measure of warm-up, not of a leak: the live heap climbs for about a minute to a plateau set by H2,
#                   which keeps the metadata of every chunk it wrote (one per commit) for its 45 s retention time
#   CONNECTIONS     connections of each of the four wrk clients (4); THREADS wrk threads per client (1)
#   SAMPLE          seconds between heap samples, each one a full GC (15)
#   HEAP            fixed JVM heap, -Xms = -Xmx (256m)
#   PORT            loopback port (18090)
#   BUILD           auto (build when the jar is missing or older than the sources), always, never (auto)
#   BENCH_JAVA_HOME the JDK that builds and runs the server (/usr/lib/jvm/temurin-25-jdk-amd64)
#   RESULTS_FILE    where the report goes (benchmarks/results/soak-latest.txt); wrk's output goes to benchmarks/target/soak-logs/
#
# Only loopback traffic. Takes the benchmark lock (benchmarks/lib.sh), so it never overlaps run.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-180}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
SAMPLE=${SAMPLE:-15}
HEAP=${HEAP:-256m}
PORT=${PORT:-18090}
BUILD=${BUILD:-auto}
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
BENCH_JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/soak.lua
RESULTS=${RESULTS_FILE:-benchmarks/results/soak-latest.txt}
LOGS=benchmarks/target/soak-logs

BENCH_NAME=soak
source benchmarks/lib.sh

(( DURATION >= 120 )) || die "DURATION must be at least 120 s (the first and the last minute are compared)"
[[ -x "$JAVA" ]] || die "no java at $JAVA (set BENCH_JAVA_HOME to a JDK 21+)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"

# ---- build ---------------------------------------------------------------------------------------------
needs_build() { stale "$BENCH_JAR" "${FRAMEWORK_SOURCES[@]}" benchmarks/pom.xml benchmarks/src/main; }
if [[ $BUILD == always ]] || { [[ $BUILD != never ]] && needs_build; }; then
    log "building (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
    ./mvnw -q -B -pl benchmarks -am -DskipTests package >&2 || die "the build failed"
fi
[[ -f "$BENCH_JAR" ]] || die "missing $BENCH_JAR"

take_bench_lock
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/arbor-soak.XXXXXX")
rm -rf "$LOGS"
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
SERVER_PID=""
SAMPLER_PID=""
CLIENT_PIDS=()

stop_server() {
    local pid=$SERVER_PID
    SERVER_PID=""
    stop_pid "$pid"
}
cleanup() {
    for pid in "${CLIENT_PIDS[@]}" $SAMPLER_PID; do kill -TERM "$pid" 2>/dev/null || true; done
    stop_server
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
    port_in_use "$PORT" && die "port $PORT is taken (set PORT)"
    "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -cp "$BENCH_JAR" dev.arbor.bench.BenchApp "$PORT" "$DATA_DIR" "$HOST" >>"$LOGS/server.log" 2>&1 &
    SERVER_PID=$!
    wait_ready "$BASE/bench/plaintext" "$SERVER_PID" "the server" "$LOGS/server.log"
}

# Rows of a table, read from the H2 file with H2's own shell while no server holds it.
rows() { # table
    "$JAVA" -cp "$BENCH_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$DATA_DIR/shop;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
        -user sa -password "" -sql "SELECT COUNT(*) FROM $1" 2>>"$LOGS/h2-shell.log" | awk 'NR == 2 { print $1 }'
}

# The live heap in MB: GC.class_histogram runs a full GC and counts what survived in the same pause. (GC.run and then
# GC.heap_info, as run.sh does between scenarios, would also count what the load allocated between the two calls.)
heap_after_gc_mb() {
    "$JCMD" "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%.1f", $3 / 1048576; found = 1 } END { if (!found) print "?" }'
}

# ---- preparation: database, one post, the counts before ------------------------------------------------
log "data directory $DATA_DIR; preparing the database"
start_server
POST_ID=$(curl -sf -X POST -H 'Content-Type: application/json' \
    --data '{"title":"Soak post","content":"A post seeded by benchmarks/soak.sh."}' "$BASE/api/posts" \
    | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2) || true
[[ -n "$POST_ID" ]] || die "could not seed a post through POST /api/posts"
stop_server
NOTES_BEFORE=$(rows bench_note)
USERS_BEFORE=$(rows users)
[[ -n "$NOTES_BEFORE" && -n "$USERS_BEFORE" ]] || die "could not count rows; see $LOGS/h2-shell.log"

cat >"$LOGS/paths" <<EOF
/
/products
/products/1
/posts/new
/bench/fortunes
/bench/board
/api/products/1
/api/products?page=1&size=20
/api/posts/$POST_ID
/bench/plaintext
EOF

log "starting the server (-Xmx$HEAP)"
start_server
# The form a browser would post from the board page: its hidden fields (action id, CSRF token, sealed board id).
curl -sf "$BASE/bench/board" >"$LOGS/board.html" || die "GET /bench/board failed"
FORM=$(grep -oE '<input type="hidden" name="[^"]+" value="[^"]*">' "$LOGS/board.html" \
    | sed -E 's/.*name="([^"]+)" value="([^"]*)".*/\1=\2/' | paste -sd'&' -)
[[ -n "$FORM" ]] || die "no hidden fields in the board form"
printf '%s&text=A+note+from+the+soak' "$FORM" >"$LOGS/form"

CLIENTS=(reads action action-enhanced users)
client_command() { # name seconds
    local wrk_common=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 10s --latency -s "$LUA")
    case "$1" in
        reads) echo "${wrk_common[*]} $BASE/ -- reads $LOGS/paths" ;;
        action) echo "${wrk_common[*]} $BASE/bench/board -- form $LOGS/form $BASE" ;;
        action-enhanced) echo "${wrk_common[*]} $BASE/bench/board -- form $LOGS/form $BASE enhanced" ;;
        users) echo "${wrk_common[*]} $BASE/api/users -- users soak-$3 $(cat "$DATA_DIR/admin-key")" ;;
    esac
}
run_mix() { # phase seconds
    CLIENT_PIDS=()
    for c in "${CLIENTS[@]}"; do
        # shellcheck disable=SC2046
        timeout $(($2 + 60)) $(client_command "$c" "$2" "$1") >"$LOGS/$1-$c.txt" 2>"$LOGS/$1-$c.err" &
        CLIENT_PIDS+=($!)
    done
}

log "warm-up ${WARMUP}s"
run_mix warmup "$WARMUP"
for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || die "a warm-up client failed; see $LOGS/warmup-*.err"; done

log "soak ${DURATION}s: ${#CLIENTS[@]} wrk clients × $CONNECTIONS connections (${CLIENTS[*]}), heap sampled every ${SAMPLE}s"
START=$(date +%s)
run_mix soak "$DURATION"
(
    while sleep "$SAMPLE"; do
        echo "$(($(date +%s) - START)) $(heap_after_gc_mb "$SERVER_PID") $(rss_mb "$SERVER_PID")"
    done
) >"$LOGS/samples" &
SAMPLER_PID=$!
for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || die "a soak client failed; see $LOGS/soak-*.err"; done
CLIENT_PIDS=()
kill -TERM "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
log "stopping the server (SIGTERM: requests in flight finish)"
stop_server
NOTES_AFTER=$(rows bench_note)
USERS_AFTER=$(rows users)
[[ -n "$NOTES_AFTER" && -n "$USERS_AFTER" ]] || die "could not count rows; see $LOGS/h2-shell.log"

# ---- report --------------------------------------------------------------------------------------------
field() { sed -E "s/.* $2=([0-9]+).*/\1/" <<<" $1"; }
result() { grep '^SOAK_RESULT' "$LOGS/soak-$1.txt" || die "no result in $LOGS/soak-$1.txt"; }
FAILED=0
TOTAL_5XX=0
{
    echo "Soak of Arbor (shop + benchmark pages), measured $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + local changes')"
    echo "java: $("$JAVA" -version 2>&1 | head -1), -Xms$HEAP -Xmx$HEAP; ${DURATION}s after ${WARMUP}s warm-up; ${#CLIENTS[@]} wrk clients × -t$THREADS -c$CONNECTIONS"
    echo
    printf '%-16s %9s %8s %8s %8s %6s %6s %9s %9s %s\n' client requests "/s" 2xx 3xx 4xx 5xx "p50 ms" "p99 ms" "socket errors (connect/read/write/timeout)"
    for c in "${CLIENTS[@]}"; do
        line=$(result "$c")
        TOTAL_5XX=$((TOTAL_5XX + $(field "$line" s5xx)))
        printf '%-16s %9d %8.1f %8d %8d %6d %6d %9s %9s %s/%s/%s/%s\n' "$c" "$(field "$line" requests)" \
            "$(awk -v n="$(field "$line" requests)" -v d="$DURATION" 'BEGIN { print n / d }')" \
            "$(field "$line" s2xx)" "$(field "$line" s3xx)" "$(field "$line" s4xx)" "$(field "$line" s5xx)" \
            "$(ms "$(field "$line" p50_us)")" "$(ms "$(field "$line" p99_us)")" \
            "$(field "$line" connect_err)" "$(field "$line" read_err)" "$(field "$line" write_err)" "$(field "$line" timeouts)"
    done
    echo
    # Confirmed writes: the 303s of the plain action, the 2xx (204) of the enhanced one, the 2xx (201) of POST /api/users,
    # in the soak and in the warm-up (both wrote to the same tables).
    confirmed_notes=0; confirmed_users=0; in_flight=0
    for phase in warmup soak; do
        a=$(grep '^SOAK_RESULT' "$LOGS/$phase-action.txt"); e=$(grep '^SOAK_RESULT' "$LOGS/$phase-action-enhanced.txt")
        u=$(grep '^SOAK_RESULT' "$LOGS/$phase-users.txt")
        confirmed_notes=$((confirmed_notes + $(field "$a" s3xx) + $(field "$e" s2xx)))
        confirmed_users=$((confirmed_users + $(field "$u" s2xx)))
        in_flight=$((in_flight + 2 * CONNECTIONS))
    done
    notes=$((NOTES_AFTER - NOTES_BEFORE)); users=$((USERS_AFTER - USERS_BEFORE))
    echo "5xx answers: $TOTAL_5XX"
    (( TOTAL_5XX == 0 )) || { echo "FAIL: 5xx answers"; FAILED=1; }
    echo "notes: $confirmed_notes confirmed (303 + enhanced 2xx), $notes rows written; users: $confirmed_users confirmed (201), $users rows written"
    echo "    (a row without a confirmation is a request wrk cut off at the end of a phase: at most $in_flight notes and $((in_flight / 2)) users)"
    if (( notes < confirmed_notes || users < confirmed_users )); then
        echo "FAIL: lost writes (confirmed but not in the database)"; FAILED=1
    elif (( notes - confirmed_notes > in_flight || users - confirmed_users > in_flight / 2 )); then
        echo "FAIL: more rows than requests could explain"; FAILED=1
    else
        echo "lost writes: 0"
    fi
    echo
    echo "heap in use after a full GC (MB), RSS (MB), by second of the soak:"
    awk '{ printf "    %4ds  heap %6s  RSS %5s\n", $1, $2, $3 }' "$LOGS/samples"
    verdict=$(awk -v d="$DURATION" '
        $1 <= 60 && $2 != "?" { f += $2; nf++ }
        $1 > d - 60 && $2 != "?" { l += $2; nl++ }
        END {
            if (nf == 0 || nl == 0) { print "FAIL no samples"; exit }
            first = f / nf; last = l / nl
            printf "%s first minute %.1f MB, last minute %.1f MB (mean of %d and %d samples; allowed %.1f MB)\n",
                (last <= first * 1.10 + 4 ? "OK" : "FAIL"), first, last, nf, nl, first * 1.10 + 4 }' "$LOGS/samples")
    echo "heap after GC: ${verdict#* }"
    [[ $verdict == OK* ]] || { echo "FAIL: the heap after GC grew"; FAILED=1; }
    echo
    (( FAILED == 0 )) && echo "SOAK PASSED" || echo "SOAK FAILED"
    echo "command: DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS SAMPLE=$SAMPLE HEAP=$HEAP benchmarks/soak.sh"
} | tee "$RESULTS"
log "report written to $RESULTS; client output in $LOGS"
grep -q '^SOAK PASSED' "$RESULTS"
