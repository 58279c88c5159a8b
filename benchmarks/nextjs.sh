#!/usr/bin/env bash
# Reference measurement: a production build of Next.js 16 (benchmarks/nextjs/, App Router) doing the scenarios of
# benchmarks/run.sh at the same paths, measured with the same wrk settings, so Arbor's numbers can be set beside it.
#
#   benchmarks/nextjs.sh                                   # 5 s warm-up + 15 s measured per scenario, wrk -t2 -c32
#   SCENARIOS="plaintext fortunes" benchmarks/nextjs.sh
#   NEXT_BENCH_DB=postgres RESULTS_FILE=benchmarks/results/nextjs-postgres.txt benchmarks/nextjs.sh
#
# Scenarios (SCENARIOS, space-separated; default: all six):
#   plaintext        GET /bench/plaintext                  route handler, "Hello, World!" as text/plain
#   product          GET /api/products/1                   route handler, one product as JSON, ETag + Cache-Control
#   users            POST /api/users                       JSON, validated, one insert, 201 (a new e-mail per request)
#   fortunes         GET /bench/fortunes                   dynamic server-rendered page (force-dynamic), 20 rows, sorted
#   action           POST /bench/board, no JavaScript      the form's Server Action as a browser without JS posts it
#                                                          (multipart/form-data with the $ACTION_ fields), 303
#   action-enhanced  POST /bench/board, Next-Action        the same action as Next's client runtime calls it: 200 with
#                                                          x-action-redirect and the redirected page's RSC payload
#
# Settings (environment):
#   DURATION / WARMUP       measured and warm-up seconds per scenario (15 / 5)
#   CONNECTIONS / THREADS   wrk connections and threads (32 / 2)
#   NEXT_PORT               loopback port of next start (18082)
#   NEXT_BENCH_DB           memory (default: data in the server process, no database) or postgres (schema nextbench
#                           in NEXT_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test, recreated each run)
#   INSTALL                 auto (npm ci when node_modules is missing or older than package-lock.json), always, never (auto)
#   BUILD                   always (next build every run) or never (use the existing .next) (always)
#   QUIET_WAIT              seconds to wait, lock held, before each scenario while other processes keep more than
#                           QUIET_CPUS (0.5) CPUs busy, e.g. a build; after that the scenario runs anyway (300)
#   RESULTS_FILE            where the table goes (benchmarks/results/nextjs.txt); wrk output: benchmarks/target/nextjs-logs/
#
# The install and the build run first; everything that puts load on the machine (the checks, the warm-ups and the
# measured runs) holds the lock /tmp/arbor-bench.lock (flock), so it never overlaps another benchmark that takes it.
# Only loopback traffic: the server listens on 127.0.0.1 and wrk calls 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
NEXT_PORT=${NEXT_PORT:-18082}
NEXT_BENCH_DB=${NEXT_BENCH_DB:-memory}
NEXT_BENCH_PG_URL=${NEXT_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
INSTALL=${INSTALL:-auto}
BUILD=${BUILD:-always}
SCENARIO_LIST=${SCENARIOS:-plaintext product users fortunes action action-enhanced}
QUIET_WAIT=${QUIET_WAIT:-300}
QUIET_CPUS=${QUIET_CPUS:-0.5}
RESULTS=${RESULTS_FILE:-benchmarks/results/nextjs.txt}
HOST=127.0.0.1
APP=benchmarks/nextjs
LUA=benchmarks/scenario.lua
LOGS=benchmarks/target/nextjs-logs
BASE="http://$HOST:$NEXT_PORT"
COMMAND="DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS NEXT_BENCH_DB=$NEXT_BENCH_DB SCENARIOS=\"$SCENARIO_LIST\" benchmarks/nextjs.sh"

BENCH_NAME=nextjs
source benchmarks/lib.sh

command -v node >/dev/null || die "node is not installed (Next.js 16 needs Node.js 20.9 or later)"
command -v npm >/dev/null || die "npm is not installed"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
case "$NEXT_BENCH_DB" in memory|postgres) ;; *) die "NEXT_BENCH_DB is memory or postgres, was '$NEXT_BENCH_DB'" ;; esac

declare -A LABELS=(
    [plaintext]="1 GET /bench/plaintext"
    [product]="2 GET /api/products/{id}"
    [users]="3 POST /api/users (validated)"
    [fortunes]="4 GET /bench/fortunes (page)"
    [action]="5 action POST, no JS (303)"
    [action-enhanced]="6 action POST, Next-Action (200+RSC)"
)
read -r -a SCENARIOS <<<"$SCENARIO_LIST"
for s in "${SCENARIOS[@]}"; do [[ -n "${LABELS[$s]:-}" ]] || die "unknown scenario '$s'"; done

# ---- install and build (no lock: no load test runs yet) ------------------------------------------------
export NEXT_TELEMETRY_DISABLED=1
installed=$APP/node_modules/.package-lock.json # written by npm at every install
if [[ $INSTALL == always ]] || { [[ $INSTALL == auto ]] && ! [[ -f "$installed" && "$installed" -nt "$APP/package-lock.json" && "$installed" -nt "$APP/package.json" ]]; }; then
    log "npm ci in $APP"
    (cd "$APP" && npm ci --no-audit --no-fund >&2) || die "npm ci failed"
fi
[[ -x "$APP/node_modules/.bin/next" ]] || die "no $APP/node_modules/.bin/next (run with INSTALL=always)"
if [[ $BUILD == always ]]; then
    log "next build"
    (cd "$APP" && NODE_ENV=production node node_modules/next/dist/bin/next build >&2) || die "next build failed"
fi
[[ -f "$APP/.next/BUILD_ID" ]] || die "no production build in $APP/.next (run with BUILD=always)"
NEXT_VERSION=$(node -p "require('./$APP/node_modules/next/package.json').version")
REACT_VERSION=$(node -p "require('./$APP/node_modules/react/package.json').version")

if [[ $NEXT_BENCH_DB == postgres ]]; then
    log "preparing the schema nextbench"
    (cd "$APP" && node scripts/prepare-db.mjs "$NEXT_BENCH_PG_URL" >&2) || die "could not prepare PostgreSQL at $NEXT_BENCH_PG_URL"
fi

# ---- server --------------------------------------------------------------------------------------------
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
SERVER_PID=""

# The server's process tree: next start and anything it forks (today one process, "next-server").
tree_pids() {
    local pid=$1 child
    kill -0 "$pid" 2>/dev/null || return 0
    echo "$pid"
    for child in $(pgrep -P "$pid" || true); do tree_pids "$child"; done
}
# Sum of VmRSS (or another /proc/PID/status field) over the node processes of the tree, in MB.
tree_mem_mb() { # field
    local total=0 pid kb
    for pid in $(tree_pids "$SERVER_PID"); do
        grep -qE '^Name:.*(node|next)' "/proc/$pid/status" 2>/dev/null || continue
        kb=$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    awk -v kb="$total" 'BEGIN { printf "%.0f", kb / 1024 }'
}
tree_jiffies() {
    local total=0 pid j
    for pid in $(tree_pids "$SERVER_PID"); do
        j=$(sed -E 's/^.*\) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0)
        total=$((total + ${j:-0}))
    done
    echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)

stop_server() {
    local pid=$SERVER_PID pids
    [[ -n "$pid" ]] || return 0
    SERVER_PID=""
    pids=$(SERVER_PID=$pid tree_pids "$pid")
    kill -TERM $pids 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL $pids 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    if [[ -n "$CLIENT_PID" ]]; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
    stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(exec 3<>"/dev/tcp/$HOST/$NEXT_PORT") 2>/dev/null && die "port $NEXT_PORT is taken (set NEXT_PORT)"
log "next start -p $NEXT_PORT -H $HOST (NODE_ENV=production, NEXT_BENCH_DB=$NEXT_BENCH_DB)"
(cd "$APP" && NODE_ENV=production NEXT_BENCH_DB=$NEXT_BENCH_DB NEXT_BENCH_PG_URL=$NEXT_BENCH_PG_URL \
    exec node node_modules/next/dist/bin/next start -p "$NEXT_PORT" -H "$HOST") >"$LOGS/next.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "next start exited; see $LOGS/next.log"
    if curl -sf -o /dev/null --max-time 2 "$BASE/bench/plaintext"; then break; fi
    [[ $i == 300 ]] && die "Next.js not ready after 30 s; see $LOGS/next.log"
    sleep 0.1
done
sleep 2
IDLE_RSS=$(tree_mem_mb VmRSS)
log "ready, pid $SERVER_PID, RSS $IDLE_RSS MB"

# ---- measuring, under the lock ---------------------------------------------------------------------------
take_bench_lock
log "holding $BENCH_LOCK_FILE"

board_notes() { curl -sf "$BASE/bench/board" | grep -oE 'Board 7: [0-9]+ notes' | head -1 | cut -d' ' -f3; }
header() { grep -i "^$2:" "$1" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

# One request of each kind checked with curl before any load: status, headers, body, rows written.
check() {
    local out=$LOGS/check
    [[ $(curl -sf "$BASE/bench/plaintext") == "Hello, World!" ]] || die "GET /bench/plaintext is not Hello, World!"
    curl -sf -D "$out.product.h" -o "$out.product.json" "$BASE/api/products/1" || die "GET /api/products/1 failed"
    [[ -n $(header "$out.product.h" etag) && $(header "$out.product.h" cache-control) == "public, max-age=60" ]] \
        || die "GET /api/products/1 lacks its ETag or Cache-Control"
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $(header "$out.product.h" etag)" "$BASE/api/products/1") == 304 ]] \
        || die "GET /api/products/1 with If-None-Match did not answer 304"
    local email="check-$RANDOM$RANDOM@bench.test" code
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"name\":\"Check\",\"email\":\"$email\"}" "$BASE/api/users")
    [[ $code == 201 ]] || die "POST /api/users answered $code, not 201"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "{\"name\":\"Check\",\"email\":\"${email^^}\"}" "$BASE/api/users")
    [[ $code == 409 ]] || die "POST /api/users with a taken e-mail answered $code, not 409"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{"name":"","email":"nope"}' "$BASE/api/users")
    [[ $code == 422 ]] || die "POST /api/users with invalid fields answered $code, not 422"
    curl -sf -o "$out.fortunes.html" "$BASE/bench/fortunes" || die "GET /bench/fortunes failed"
    [[ $(grep -o '<tr><td>' "$out.fortunes.html" | wc -l) == 20 ]] || die "/bench/fortunes does not list 20 fortunes"
    grep -q '&lt;script&gt;alert' "$out.fortunes.html" || die "/bench/fortunes does not escape the messages"

    # The action requests: built from the board form as rendered, then each sent once.
    curl -sf -o "$LOGS/board.html" "$BASE/bench/board" || die "GET /bench/board failed"
    (cd "$APP" && node scripts/action-requests.mjs "$ROOT/$LOGS/board.html" "$BASE" /bench/board "$ROOT/$LOGS/action" >&2) \
        || die "could not build the action requests from the board form"
    local kind before after expect
    for kind in nojs fetch; do
        before=$(board_notes)
        local hdr=()
        while IFS= read -r line; do [[ -n $line ]] && hdr+=(-H "$line"); done <"$LOGS/action.$kind.headers"
        code=$(curl -s -D "$out.action-$kind.h" -o "$out.action-$kind.body" -w '%{http_code}' "${hdr[@]}" \
            --data-binary "@$LOGS/action.$kind.body" "$BASE/bench/board")
        after=$(board_notes)
        expect=303; [[ $kind == fetch ]] && expect=200
        [[ $code == "$expect" ]] || die "the $kind action POST answered $code, not $expect; see $out.action-$kind.*"
        if [[ $kind == nojs ]]; then
            [[ $(header "$out.action-$kind.h" location) == /bench/board ]] || die "the no-JS action did not redirect to /bench/board"
        else
            [[ $(header "$out.action-$kind.h" x-action-redirect) == /bench/board* ]] || die "the fetch action did not answer x-action-redirect"
        fi
        [[ $((after - before)) == 1 ]] || die "the $kind action POST wrote $((after - before)) rows, not 1"
    done
    log "checks passed: every scenario's answer is right, each action POST wrote one row"
}
check

# CPUs kept busy by processes other than the (idle) server over 3 seconds.
others_busy() {
    local m1 s1 m2 s2
    m1=$(machine_jiffies); s1=$(tree_jiffies)
    sleep 3
    m2=$(machine_jiffies); s2=$(tree_jiffies)
    awk -v a="$m1" -v b="$m2" -v s1="$s1" -v s2="$s2" -v n="$(nproc)" 'BEGIN {
        split(a, x, " "); split(b, y, " "); total = y[2] - x[2]; busy = y[1] - x[1] - (s2 - s1)
        printf "%.2f", (total > 0 ? busy * n / total : 0) }'
}
# Waits (holding the lock) until other processes leave the CPUs, at most QUIET_WAIT seconds in all per scenario.
wait_quiet() {
    local start=$SECONDS busy
    while :; do
        busy=$(others_busy)
        awk -v b="$busy" -v q="$QUIET_CPUS" 'BEGIN { exit !(b <= q) }' && return 0
        if (( SECONDS - start >= QUIET_WAIT )); then
            log "other processes still keep $busy CPUs busy after ${QUIET_WAIT}s; measuring anyway"
            return 0
        fi
        log "other processes keep $busy CPUs busy; waiting for a quiet machine"
        sleep 7
    done
}

declare -A RPS P50 P99 ERRS RSS CPU NOTE BYTES
run_scenario() {
    local scenario=$1 url client=() out="$LOGS/$scenario"
    local wrk_common=(wrk -t"$THREADS" -c"$CONNECTIONS" --latency -s "$LUA")
    case "$scenario" in
        plaintext) url="$BASE/bench/plaintext"; client=("${wrk_common[@]}" "$url" -- get) ;;
        product) url="$BASE/api/products/1"; client=("${wrk_common[@]}" "$url" -- get) ;;
        fortunes) url="$BASE/bench/fortunes"; client=("${wrk_common[@]}" "$url" -- get) ;;
        users) url="$BASE/api/users"; client=("${wrk_common[@]}" "$url" -- users "next-RUNID") ;;
        action) url="$BASE/bench/board"; client=("${wrk_common[@]}" "$url" -- post "$LOGS/action.nojs.body" "$LOGS/action.nojs.headers") ;;
        action-enhanced) url="$BASE/bench/board"; client=("${wrk_common[@]}" "$url" -- post "$LOGS/action.fetch.body" "$LOGS/action.fetch.headers") ;;
    esac
    case "$scenario" in
        plaintext|product|fortunes) BYTES[$scenario]=$(curl -sf "$url" | wc -c) ;;
        action) BYTES[$scenario]=$(wc -c <"$LOGS/check.action-nojs.body") ;;
        action-enhanced) BYTES[$scenario]=$(wc -c <"$LOGS/check.action-fetch.body") ;;
        users) BYTES[$scenario]="~80" ;;
    esac
    wait_quiet
    local run=("${client[0]}" -d"${WARMUP}s" "${client[@]:1}")
    run=("${run[@]/RUNID/warm$RANDOM}")
    log "$scenario: warm-up ${WARMUP}s"
    run_client "$out.warmup.txt" "${run[@]}"
    local notes_before=""
    [[ $scenario == action* ]] && notes_before=$(board_notes)
    run=("${client[0]}" -d"${DURATION}s" "${client[@]:1}")
    run=("${run[@]/RUNID/run$RANDOM}")
    log "$scenario: measuring ${DURATION}s"
    local machine_before server_before machine_after server_after
    machine_before=$(machine_jiffies)
    server_before=$(tree_jiffies)
    times >"$LOGS/times.before"
    run_client "$out.txt" "${run[@]}"
    times >"$LOGS/times.after"
    server_after=$(tree_jiffies)
    machine_after=$(machine_jiffies)
    local line requests
    line=$(grep '^WRK_RESULT' "$out.txt") || die "no wrk result in $out.txt"
    RPS[$scenario]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
    requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
    P50[$scenario]=$(sed -E 's/.* p50_us=([0-9]+).*/\1/' <<<"$line")
    P99[$scenario]=$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line")
    ERRS[$scenario]=$(awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect_err|read_err|write_err|timeouts)=/) { split($i, kv, "="); n += kv[2] } print n }' <<<"$line")
    RSS[$scenario]=$(tree_mem_mb VmRSS)
    if [[ -n $notes_before ]]; then
        local notes_after; notes_after=$(board_notes)
        NOTE[$scenario]="$((notes_after - notes_before)) rows written for $requests answers (wrk stops with up to $CONNECTIONS requests in flight)"
    fi
    CPU[$scenario]=$(awk -v mb="$machine_before" -v ma="$machine_after" -v sb="$server_before" -v sa="$server_after" \
        -v wt="$(children_cpu "$LOGS/times.after") $(children_cpu "$LOGS/times.before")" -v hz="$CLK_TCK" -v n="$requests" -v ncpu="$(nproc)" 'BEGIN {
        split(mb, b, " "); split(ma, a, " "); split(wt, w, " ")
        total = (a[2] - b[2]) / hz; busy = (a[1] - b[1]) / hz; server = (sa - sb) / hz; client = w[1] - w[2]
        other = busy - server - client; if (other < 0) other = 0
        printf "server %.1f us CPU per request; CPUs busy: server %.2f, load client %.2f, other processes %.2f",
            server * 1e6 / (n > 0 ? n : 1), server * ncpu / total, client * ncpu / total, other * ncpu / total }')
    log "$scenario: ${RPS[$scenario]}/s, p50 ${P50[$scenario]} us, p99 ${P99[$scenario]} us, errors ${ERRS[$scenario]}, RSS ${RSS[$scenario]} MB"
}
for scenario in "${SCENARIOS[@]}"; do run_scenario "$scenario"; done
PEAK_RSS=$(tree_mem_mb VmHWM)
SERVER_ERRORS=$(grep -ciE 'error|warn' "$LOGS/next.log" || true)
flock -u 9
log "released $BENCH_LOCK_FILE"

# ---- report --------------------------------------------------------------------------------------------
{
    echo "Next.js $NEXT_VERSION (production build, next start, App Router) doing Arbor's benchmark scenarios, measured $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: $COMMAND"
    echo "node: $(node -v); next $NEXT_VERSION; react $REACT_VERSION; NODE_ENV=production; one next-server process (Node.js runs JavaScript on one thread)"
    if [[ $NEXT_BENCH_DB == memory ]]; then
        echo "data: in memory (NEXT_BENCH_DB=memory): maps and arrays in the server process, no database; Arbor queries an embedded H2 database"
    else
        echo "data: PostgreSQL $(psql "$NEXT_BENCH_PG_URL" -tAc 'SHOW server_version' 2>/dev/null || echo '?') on 127.0.0.1 through pg (pure JS), pool of 10, schema nextbench; Arbor queries an embedded H2 database"
    fi
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, shared by server, wrk and anything else running; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + local changes')"
    echo "load: wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2) -t$THREADS -c$CONNECTIONS --latency, ${DURATION}s measured after ${WARMUP}s warm-up per scenario, loopback only, under flock $BENCH_LOCK_FILE"
    echo
    printf '%-38s %10s %9s %9s %7s %8s %9s\n' scenario "req/s" "p50" "p99" errors "RSS" "body"
    for s in "${SCENARIOS[@]}"; do
        awk -v label="${LABELS[$s]}" -v r="${RPS[$s]}" -v p50="${P50[$s]}" -v p99="${P99[$s]}" -v e="${ERRS[$s]}" -v rss="${RSS[$s]}" -v b="${BYTES[$s]}" 'BEGIN {
            printf "%-38s %10.0f %6.2f ms %6.2f ms %7d %5s MB %7s B\n", label, r, p50 / 1000, p99 / 1000, e, rss, b }'
    done
    echo
    echo "RSS = sum of VmRSS of the server's node processes right after the scenario's measured run (scenarios run in this order, one server);"
    echo "idle after start-up $IDLE_RSS MB, peak (VmHWM) over the run $PEAK_RSS MB. errors = non-2xx/3xx answers + socket errors + timeouts."
    echo "body = bytes of one answer's body. server log lines with 'error' or 'warn': $SERVER_ERRORS (see $LOGS/next.log)."
    for s in "${SCENARIOS[@]}"; do
        echo "${LABELS[$s]}: ${CPU[$s]}"
        [[ -n "${NOTE[$s]:-}" ]] && echo "    ${NOTE[$s]}"
    done
    echo
    echo "How the requests are made (benchmarks/nextjs/README.md has the details):"
    echo "  5: the board form as a browser without JavaScript posts it: multipart/form-data (Next.js ignores urlencoded action"
    echo "     posts) with the rendered form's hidden fields \$ACTION_REF_0 (empty), \$ACTION_0:1 = [7] (the bound board id),"
    echo "     \$ACTION_0:0 = {\"id\":<action id>,\"bound\":\"\$@1\"}, then text; header Origin (Next's CSRF check). Answer: 303."
    echo "  6: what Next's client runtime sends: headers Next-Action: <action id>, Accept: text/x-component, Next-Router-State-Tree,"
    echo "     Origin; body React's encodeReply([7, FormData]) = multipart fields _1_text and 0 = [7,\"\$K1\"]. Answer: 200,"
    echo "     x-action-redirect: /bench/board;push, and the board page re-rendered as an RSC payload in the same response"
    echo "     (Arbor answers 204 + Arbor-Redirect, and its client then GETs the page: one request more than here)."
    echo "  Not like Arbor: Next sends .bind() arguments in clear and does not authenticate them (Arbor seals the board id);"
    echo "  both check the Origin header here. next start is one Node.js process, whose JavaScript runs on one of the"
    echo "  $(nproc) CPUs (Arbor's server uses them all), so 'us CPU per request' is the per-core comparison."
} | tee "$RESULTS"
log "table written to $RESULTS; wrk output in $LOGS"
