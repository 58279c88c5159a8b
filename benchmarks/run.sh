#!/usr/bin/env bash
# Load benchmark suite: Arbor (the shop plus its benchmark pages, dev.arbor.bench.BenchApp) against a raw Jetty 12
# core handler doing the same work (dev.arbor.bench.RawJettyServer), scenario by scenario, in one run.
#
#   benchmarks/run.sh                        # every scenario: 5 s warm-up, then 5 rounds of 10 s per server, 2 wrk threads, 32 connections
#   SCENARIOS="plaintext fortunes" benchmarks/run.sh
#   ROUNDS=3 DURATION=30 WARMUP=10 CONNECTIONS=64 benchmarks/run.sh
#
# Both servers run side by side (each on its own copy of the same H2 data) and take turns: per scenario each is
# warmed up, then measured ROUNDS times, alternating which goes first. The report gives the median requests/s and
# p99 of each, and the median of the per-round ratios: rounds next to each other in time share the machine's
# drift, which on a shared 2-CPU machine moves single runs by tens of percent.
#
# Scenarios (SCENARIOS, space-separated; default: all but the last line's):
#   plaintext        GET /bench/plaintext                  13 bytes of text: the framework's floor
#   product          GET /api/products/1                   route + database + Jackson + ETag
#   users            POST /api/users                       JSON binding + Jakarta Validation + one INSERT, 201
#   fortunes         GET /bench/fortunes                   19 rows + 1, sorted, rendered by a typed JTE template, escaped
#   action           POST /bench/board (no JavaScript)     CSRF check, form decoding, sealed bound id opened, validation, INSERT, 303
#   action-enhanced  POST /bench/board, Arbor-Enhanced: 1  the same through the client runtime's fetch path, 204
#   sse              GET /api/events × SSE_CLIENTS         events per second delivered to every subscriber (Java client)
#   sse-large        the same with SSE_LARGE_CLIENTS, to show memory grows with clients by buffers only
#   upload           POST /bench/upload                    multipart, a UPLOAD_MB file streamed to disk
#   upload-large     POST /bench/upload                    the same with UPLOAD_LARGE_MB, to show memory does not follow file size
#   products, post, home                                   the first suite's GET /api/products page, GET /api/posts/{id}, GET /
#
# Settings (environment):
#   ROUNDS              measured rounds per scenario and server (5)
#   DURATION / WARMUP   measured seconds per round, warm-up seconds per scenario and server (10 / 5)
#   CONNECTIONS / THREADS   wrk connections and threads (32 / 2); upload scenarios use UPLOAD_CONNECTIONS (8)
#   SSE_CLIENTS / SSE_LARGE_CLIENTS   subscribers in the sse scenarios (100 / 1000); SSE_BATCH events per broadcast request (100)
#   UPLOAD_MB / UPLOAD_LARGE_MB   file sizes of the upload scenarios (5 / 50)
#   HEAP                fixed JVM heap of both servers, -Xms = -Xmx (256m)
#   ARBOR_PORT / RAW_PORT   loopback ports (18080 / 18081)
#   ORDER               who goes first in odd rounds: arbor-first or raw-first (arbor-first)
#   BUILD               auto (build when a jar is missing or older than the sources), always, never (auto)
#   BENCH_JAVA_HOME     the JDK that builds and runs both servers (/usr/lib/jvm/temurin-25-jdk-amd64)
#   RESULTS_FILE        where the table goes (benchmarks/results/latest.txt); wrk's output goes to benchmarks/target/bench-logs/
#
# Only loopback traffic: both servers listen on 127.0.0.1 and the clients call 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
UPLOAD_CONNECTIONS=${UPLOAD_CONNECTIONS:-8}
SSE_CLIENTS=${SSE_CLIENTS:-100}
SSE_LARGE_CLIENTS=${SSE_LARGE_CLIENTS:-1000}
SSE_BATCH=${SSE_BATCH:-100}
UPLOAD_MB=${UPLOAD_MB:-5}
UPLOAD_LARGE_MB=${UPLOAD_LARGE_MB:-50}
HEAP=${HEAP:-256m}
ARBOR_PORT=${ARBOR_PORT:-18080}
RAW_PORT=${RAW_PORT:-18081}
BUILD=${BUILD:-auto}
ORDER=${ORDER:-arbor-first}
SCENARIO_LIST=${SCENARIOS:-plaintext product users fortunes action action-enhanced sse sse-large upload upload-large}
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
HOST=127.0.0.1

BENCH_JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/scenario.lua
RESULTS=${RESULTS_FILE:-benchmarks/results/latest.txt}
LOGS=benchmarks/target/bench-logs
JVM_FLAGS=(-Xms"$HEAP" -Xmx"$HEAP")

BENCH_NAME=bench
source benchmarks/lib.sh

[[ -x "$JAVA" ]] || die "no java at $JAVA (set BENCH_JAVA_HOME to a JDK 21+)"

# ---- build ---------------------------------------------------------------------------------------------
needs_build() { stale "$BENCH_JAR" "${FRAMEWORK_SOURCES[@]}" benchmarks/pom.xml benchmarks/src/main; }
case "$BUILD" in
    always) do_build=1 ;;
    never) do_build=0 ;;
    *) if needs_build; then do_build=1; else do_build=0; fi ;;
esac
if [[ $do_build == 1 ]]; then
    log "building (./mvnw -q -B -DskipTests package)"
    ./mvnw -q -B -DskipTests package >&2 || die "the build failed"
fi
[[ -f "$BENCH_JAR" ]] || die "missing $BENCH_JAR after the build"

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

take_bench_lock
# ---- servers -------------------------------------------------------------------------------------------
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/arbor-bench.XXXXXX")
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
declare -A PIDS=()

stop_server() { # arbor|raw|prepare
    local pid=${PIDS[$1]:-}
    PIDS[$1]=""
    stop_pid "$pid"
}
cleanup() {
    if [[ -n "$CLIENT_PID" ]]; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
    for name in "${!PIDS[@]}"; do stop_server "$name"; done
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLK_TCK=$(getconf CLK_TCK)
# Heap in use right after a full GC, in MB: what the server keeps, not what it has not collected yet.
heap_after_gc_mb() {
    "$JCMD" "$1" GC.run >/dev/null 2>&1 || { echo "?"; return; }
    "$JCMD" "$1" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | awk '{ printf "%.0f", $2 / 1024 }'
}

port_of() { if [[ $1 == raw ]]; then echo "$RAW_PORT"; else echo "$ARBOR_PORT"; fi; }

start_server() { # arbor|raw|prepare data-directory
    local name=$1 port main
    port=$(port_of "$name")
    if [[ $name == raw ]]; then main=dev.arbor.bench.RawJettyServer; else main=dev.arbor.bench.BenchApp; fi
    port_in_use "$port" && die "port $port is taken (set ARBOR_PORT / RAW_PORT)"
    "$JAVA" "${JVM_FLAGS[@]}" -cp "$BENCH_JAR" "$main" "$port" "$2" "$HOST" >"$LOGS/$name.log" 2>&1 &
    PIDS[$name]=$!
    wait_ready "http://$HOST:$port/bench/plaintext" "${PIDS[$name]}" "$name" "$LOGS/$name.log"
}

# ---- scenarios -----------------------------------------------------------------------------------------
declare -A LABELS=(
    [plaintext]="1 GET /bench/plaintext"
    [product]="2 GET /api/products/{id}"
    [users]="3 POST /api/users (validated)"
    [fortunes]="4 GET /bench/fortunes (page)"
    [action]="5 action POST, no JS (303)"
    [action-enhanced]="6 action POST, enhanced (204)"
    [sse]="7 SSE ${SSE_CLIENTS} clients (events/s)"
    [sse-large]="7b SSE ${SSE_LARGE_CLIENTS} clients (events/s)"
    [upload]="8 upload ${UPLOAD_MB} MB multipart"
    [upload-large]="8b upload ${UPLOAD_LARGE_MB} MB multipart"
    [products]="GET /api/products?page=1&size=20"
    [post]="GET /api/posts/{id}"
    [home]="GET / (constant HTML)"
)
read -r -a SCENARIOS <<<"$SCENARIO_LIST"
for s in "${SCENARIOS[@]}"; do [[ -n "${LABELS[$s]:-}" ]] || die "unknown scenario '$s'"; done

# The note count the board page shows: checked before and after the action scenarios (no lost writes).
board_notes() { curl -sf "http://$HOST:$1/bench/board" | grep -oE '[0-9]+ notes' | head -1 | cut -d' ' -f1; }

# The form body a browser would post from the board page: every hidden field of that server's form, and a note.
form_body() { # port file
    curl -sf "http://$HOST:$1/bench/board" >"$2.html" || die "GET /bench/board on port $1 failed"
    local body
    body=$(grep -oE '<input type="hidden" name="[^"]+" value="[^"]*">' "$2.html" \
        | sed -E 's/.*name="([^"]+)" value="([^"]*)".*/\1=\2/' | paste -sd'&' -)
    [[ -n "$body" ]] || die "no hidden fields in the board form on port $1"
    printf '%s&text=A+note+from+the+benchmark' "$body" >"$2"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Per round: RPS P99 P50 ERRS CPU_US CPU WRITES ANSWERS, keyed server/scenario/round.
declare -A RPS P99 P50 ERRS CPU_US CPU WRITES ANSWERS RSS HEAP_MB
run_scenario() { # server scenario round
    local server=$1 scenario=$2 round=$3
    local port; port=$(port_of "$server")
    local pid=${PIDS[$server]}
    local base="http://$HOST:$port" url client=() out="$LOGS/$server-$scenario"
    local wrk_common=(wrk -t"$THREADS" -c"$CONNECTIONS" --latency -s "$LUA")
    case "$scenario" in
        plaintext) url="$base/bench/plaintext"; client=("${wrk_common[@]}" "$url" -- get) ;;
        product) url="$base/api/products/1"; client=("${wrk_common[@]}" "$url" -- get) ;;
        products) url="$base/api/products?page=1&size=20"; client=("${wrk_common[@]}" "$url" -- get) ;;
        post) url="$base/api/posts/$POST_ID"; client=("${wrk_common[@]}" "$url" -- get) ;;
        home) url="$base/"; client=("${wrk_common[@]}" "$url" -- get) ;;
        fortunes) url="$base/bench/fortunes"; client=("${wrk_common[@]}" "$url" -- get) ;;
        # POST /api/users is for administrators: each server writes its own administrator's key at start and checks it.
        users) url="$base/api/users"; client=("${wrk_common[@]}" "$url" -- users "$server-RUNID" "$(cat "$DATA_DIR/$server/admin-key")") ;;
        action|action-enhanced)
            url="$base/bench/board"
            form_body "$port" "$out.form"
            client=("${wrk_common[@]}" "$url" -- form "$out.form" "$base" "$([[ $scenario == action-enhanced ]] && echo enhanced || echo plain)") ;;
        upload|upload-large)
            url="$base/bench/upload"
            local mb=$UPLOAD_MB; [[ $scenario == upload-large ]] && mb=$UPLOAD_LARGE_MB
            [[ -f "$DATA_DIR/upload-$mb.bin" ]] || head -c "$((mb * 1024 * 1024))" /dev/urandom >"$DATA_DIR/upload-$mb.bin"
            # wrk's default 2 s timeout is shorter than a 50 MB upload under load.
            client=(wrk -t"$THREADS" -c"$UPLOAD_CONNECTIONS" --timeout 30s --latency -s "$LUA" "$url" -- upload "$DATA_DIR/upload-$mb.bin") ;;
        sse|sse-large)
            url="$base/api/events"
            local clients=$SSE_CLIENTS; [[ $scenario == sse-large ]] && clients=$SSE_LARGE_CLIENTS
            client=("$JAVA" -cp "$BENCH_JAR" dev.arbor.bench.SseFanout "$HOST" "$port" "$clients" DURATION "$SSE_BATCH") ;;
    esac
    local run=()
    if [[ $round == 1 ]]; then
        # Keep one answer of each server, to compare them in the report.
        if [[ $scenario != sse* && $scenario != users && $scenario != action* && $scenario != upload* ]]; then
            curl -sf -D "$out.headers" -o "$out.body" "$url" || die "$server: GET $url did not answer 2xx"
        fi
        if [[ $scenario == sse* ]]; then
            run=("${client[@]/DURATION/$WARMUP}")
        else
            run=("${client[@]:0:1}" -d"${WARMUP}s" "${client[@]:1}")
            run=("${run[@]/RUNID/warm$RANDOM}")
        fi
        log "$server $scenario: warm-up ${WARMUP}s"
        run_client "$out.warmup.txt" "${run[@]}"
    fi
    local notes_before=""
    [[ $scenario == action* ]] && notes_before=$(board_notes "$port")
    if [[ $scenario == sse* ]]; then
        run=("${client[@]/DURATION/$DURATION}")
    else
        run=("${client[@]:0:1}" -d"${DURATION}s" "${client[@]:1}")
        run=("${run[@]/RUNID/run$RANDOM}")
    fi
    local machine_before server_before machine_after server_after
    machine_before=$(machine_jiffies)
    server_before=$(process_jiffies "$pid")
    times >"$LOGS/times.before"
    run_client "$out.$round.txt" "${run[@]}"
    times >"$LOGS/times.after"
    server_after=$(process_jiffies "$pid")
    machine_after=$(machine_jiffies)
    local key="$server/$scenario/$round" line requests
    if [[ $scenario == sse* ]]; then
        line=$(grep '^SSE_RESULT' "$out.$round.txt") || die "no result in $out.$round.txt"
        RPS[$key]=$(sed -E 's/.* eps=([0-9.]+).*/\1/' <<<"$line")
        requests=$(sed -E 's/.* events=([0-9]+).*/\1/' <<<"$line")
        ERRS[$key]=$(sed -E 's/.* errors=([0-9-]+).*/\1/' <<<"$line")
    else
        line=$(grep '^WRK_RESULT' "$out.$round.txt") || die "no wrk result in $out.$round.txt"
        RPS[$key]=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
        requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
        ERRS[$key]=$(awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect_err|read_err|write_err|timeouts)=/) { split($i, kv, "="); n += kv[2] } print n }' <<<"$line")
    fi
    P99[$key]=$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$line")
    P50[$key]=$(sed -E 's/.* p50_us=([0-9]+).*/\1/' <<<"$line")
    if [[ -n $notes_before ]]; then
        WRITES[$key]=$(( $(board_notes "$port") - notes_before ))
        ANSWERS[$key]=$requests
    fi
    local cpu
    cpu=$(awk -v mb="$machine_before" -v ma="$machine_after" -v sb="$server_before" -v sa="$server_after" \
        -v wt="$(children_cpu "$LOGS/times.after") $(children_cpu "$LOGS/times.before")" -v hz="$CLK_TCK" -v n="$requests" -v ncpu="$(nproc)" 'BEGIN {
        split(mb, b, " "); split(ma, a, " "); split(wt, w, " ")
        total = (a[2] - b[2]) / hz; busy = (a[1] - b[1]) / hz; server = (sa - sb) / hz; client = w[1] - w[2]
        other = busy - server - client; if (other < 0) other = 0
        printf "%.1f|CPUs busy: server %.2f, load client %.2f, other processes %.2f",
            server * 1e6 / (n > 0 ? n : 1), server * ncpu / total, client * ncpu / total, other * ncpu / total }')
    CPU_US[$key]=${cpu%%|*}
    CPU[$key]=${cpu#*|}
    log "$server $scenario round $round: ${RPS[$key]}/s, p99 ${P99[$key]} us, errors ${ERRS[$key]}, ${CPU_US[$key]} us CPU/request"
}

log "data directory $DATA_DIR"
# Preparation: a first Arbor process creates the database (Flyway migrations, seeded products, the benchmark
# tables) and one post. It is then stopped and each measured server gets its own copy of that H2 file, so both
# open the same data the same way and can run side by side.
log "preparing the database"
mkdir -p "$DATA_DIR/prepare"
start_server prepare "$DATA_DIR/prepare"
POST_ID=$(curl -sf -X POST -H 'Content-Type: application/json' \
    --data '{"title":"Benchmark post","content":"A post seeded by benchmarks/run.sh for GET /api/posts/{id}."}' \
    "http://$HOST:$ARBOR_PORT/api/posts" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2) || true
[[ -n "$POST_ID" ]] || die "could not seed a post through POST /api/posts"
stop_server prepare

case "$ORDER" in
    arbor-first) FIRST=(arbor raw) ;;
    raw-first) FIRST=(raw arbor) ;;
    *) die "ORDER is arbor-first or raw-first, was '$ORDER'" ;;
esac
declare -A IDLE_RSS
for server in arbor raw; do
    cp -a "$DATA_DIR/prepare" "$DATA_DIR/$server"
    log "starting $server"
    start_server "$server" "$DATA_DIR/$server"
done
sleep 2
for server in arbor raw; do IDLE_RSS[$server]=$(rss_mb "${PIDS[$server]}"); done

for scenario in "${SCENARIOS[@]}"; do
    for round in $(seq 1 "$ROUNDS"); do
        order=("${FIRST[@]}")
        (( round % 2 == 0 )) && order=("${FIRST[1]}" "${FIRST[0]}")
        for server in "${order[@]}"; do run_scenario "$server" "$scenario" "$round"; done
    done
    for server in arbor raw; do
        RSS[$server/$scenario]=$(rss_mb "${PIDS[$server]}")
        HEAP_MB[$server/$scenario]=$(heap_after_gc_mb "${PIDS[$server]}")
    done
done
for server in arbor raw; do log "stopping $server"; stop_server "$server"; done

# ---- report --------------------------------------------------------------------------------------------
same_answers() {
    local s=$1
    case "$s" in
        home) echo "different pages by design"; return ;;
        sse*|users|action*|upload*) echo "n/a (writes or streams)"; return ;;
    esac
    cmp -s "$LOGS/arbor-$s.body" "$LOGS/raw-$s.body" || { echo "bodies differ"; return; }
    local a r
    a=$(grep -i '^etag:' "$LOGS/arbor-$s.headers" | tr -d '\r' || true)
    r=$(grep -i '^etag:' "$LOGS/raw-$s.headers" | tr -d '\r' || true)
    [[ "$a" == "$r" ]] || { echo "ETags differ"; return; }
    echo "same body$([[ -n "$a" ]] && echo " and ETag")"
}
# Values of one per-round table for a server and scenario.
rounds_of() { # array-name server scenario
    local -n table=$1
    local r
    for r in $(seq 1 "$ROUNDS"); do echo "${table[$2/$3/$r]}"; done
}
ratios_of() { # scenario field-array-name
    local -n table=$2
    local r
    for r in $(seq 1 "$ROUNDS"); do awk -v a="${table[arbor/$1/$r]}" -v b="${table[raw/$1/$r]}" 'BEGIN { printf "%.4f\n", (b > 0 ? a / b : 0) }'; done
}
sum() { awk '{ s += $1 } END { print s + 0 }'; }

{
    echo "Arbor (shop + benchmark pages) vs raw Jetty 12, same work, same H2 data, measured $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + local changes')"
    echo "java: $("$JAVA" -version 2>&1 | head -1); both servers: ${JVM_FLAGS[*]}"
    echo "load: wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2) -t$THREADS -c$CONNECTIONS (uploads -c$UPLOAD_CONNECTIONS), SSE: batches of $SSE_BATCH events per broadcast; per scenario ${WARMUP}s warm-up, then $ROUNDS rounds of ${DURATION}s per server, alternating who goes first (${FIRST[*]} in odd rounds)"
    echo
    printf '%-34s %12s %12s %8s %10s %10s %9s %11s %11s\n' scenario "Arbor /s" "raw /s" "ratio" "Arbor p99" "raw p99" "p99 ×" "Arbor heap" "raw heap"
    for s in "${SCENARIOS[@]}"; do
        awk -v label="${LABELS[$s]}" -v a="$(median $(rounds_of RPS arbor "$s"))" -v r="$(median $(rounds_of RPS raw "$s"))" \
            -v ratio="$(median $(ratios_of "$s" RPS))" -v p99x="$(median $(ratios_of "$s" P99))" \
            -v ap="$(median $(rounds_of P99 arbor "$s"))" -v rp="$(median $(rounds_of P99 raw "$s"))" \
            -v ah="${HEAP_MB[arbor/$s]}" -v rh="${HEAP_MB[raw/$s]}" 'BEGIN {
            printf "%-34s %12.0f %12.0f %8.2f %7.2f ms %7.2f ms %9.2f %8s MB %8s MB\n", label, a, r, ratio, ap / 1000, rp / 1000, p99x, ah, rh }'
    done
    echo
    echo "Arbor /s, raw /s, p99: medians over the rounds; ratio and p99 ×: medians of the per-round Arbor/raw ratios;"
    echo "heap: in use after a full GC, after the scenario's last round."
    for s in "${SCENARIOS[@]}"; do
        echo "${LABELS[$s]}: per-round ratios $(ratios_of "$s" RPS | paste -sd' ' -); p50 Arbor $(ms "$(median $(rounds_of P50 arbor "$s"))") ms, raw $(ms "$(median $(rounds_of P50 raw "$s"))") ms; errors Arbor $(rounds_of ERRS arbor "$s" | sum), raw $(rounds_of ERRS raw "$s" | sum); RSS Arbor ${RSS[arbor/$s]} MB, raw ${RSS[raw/$s]} MB; answers: $(same_answers "$s")"
        if [[ $s == action* ]]; then
            echo "    rows written / answers: Arbor $(rounds_of WRITES arbor "$s" | sum) / $(rounds_of ANSWERS arbor "$s" | sum), raw $(rounds_of WRITES raw "$s" | sum) / $(rounds_of ANSWERS raw "$s" | sum) (wrk stops with up to $CONNECTIONS requests in flight)"
        fi
        echo "    server CPU per request (or event), median: Arbor $(median $(rounds_of CPU_US arbor "$s")) us, raw $(median $(rounds_of CPU_US raw "$s")) us; last round: Arbor ${CPU[arbor/$s/$ROUNDS]}; raw ${CPU[raw/$s/$ROUNDS]}"
    done
    echo "idle RSS after start-up: Arbor ${IDLE_RSS[arbor]} MB, raw ${IDLE_RSS[raw]} MB (both with ${JVM_FLAGS[*]})"
} | tee "$RESULTS"
log "table written to $RESULTS; client output in $LOGS"
