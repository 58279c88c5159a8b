# Shared by the benchmark scripts (source it after setting BENCH_NAME; it does not change directory).
# Logging, the one lock that keeps measurements from overlapping, build staleness, and /proc accounting.

log() { printf '[%s %s] %s\n' "${BENCH_NAME:-bench}" "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# One benchmark script at a time on the machine: every script takes this lock before it puts load on the CPUs.
BENCH_LOCK_FILE=/tmp/arbor-bench.lock
take_bench_lock() {
    command -v flock >/dev/null || die "flock is not installed (util-linux)"
    exec 9>"$BENCH_LOCK_FILE"
    if ! flock -n 9; then
        log "waiting for $BENCH_LOCK_FILE (another benchmark is running)"
        flock 9
    fi
}

# True when FILE is missing or older than any file under the given paths.
stale() { # file path...
    local file=$1; shift
    [[ -f "$file" ]] || return 0
    [[ -n $(find "$@" -type f -newer "$file" -print -quit 2>/dev/null) ]]
}
# The sources every Java jar here is built from, besides its own module.
FRAMEWORK_SOURCES=(pom.xml arbor-processor/pom.xml arbor-processor/src/main arbor-core/pom.xml arbor-core/src/main
                   examples/shop/pom.xml examples/shop/src/main)

# Runs a load client in the background and waits for it, so that a signal reaches the traps at once.
CLIENT_PID=""
run_client() { # output-file command...
    local out=$1; shift
    timeout $((DURATION + WARMUP + 60)) "$@" >"$out" 2>"$out.err" &
    CLIENT_PID=$!
    wait "$CLIENT_PID" || die "the load client failed; see $out.err"
    CLIENT_PID=""
}

# CPU seconds (user + system) of this script's reaped children, from a file holding the 'times' builtin's output.
children_cpu() { awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"; }
# "busy total" jiffies of the whole machine, summed over CPUs (idle and iowait count as not busy).
machine_jiffies() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
# utime + stime of a process, in jiffies (fields 14 and 15 of /proc/PID/stat, counted after the command name).
process_jiffies() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Microseconds as milliseconds with two decimals.
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }

# Stops a process gracefully: SIGTERM, up to 30 s to exit, then SIGKILL.
stop_pid() { # pid
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
port_in_use() { (exec 3<>"/dev/tcp/${HOST:-127.0.0.1}/$1") 2>/dev/null; }
# Waits up to 30 s for URL to answer 2xx while PID lives.
wait_ready() { # url pid name log-file
    for _ in $(seq 1 300); do
        kill -0 "$2" 2>/dev/null || die "$3 exited during start-up; see $4"
        if curl -sf -o /dev/null --max-time 2 "$1"; then return 0; fi
        sleep 0.1
    done
    die "$3 not ready after 30 s; see $4"
}
