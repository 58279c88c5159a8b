#!/usr/bin/env bash
# JMH micro-benchmarks of the framework's hot parts (module benchmarks/jmh): route matching, form binding,
# the shop's product page render, sealing of bound action arguments, the CSRF check.
#
#   benchmarks/jmh.sh                        # every benchmark: short runs, ns/op and allocated bytes/op
#   benchmarks/jmh.sh RouteMatch             # only the benchmarks matching a regular expression
#   benchmarks/jmh.sh -p key=value Keys      # any further JMH options (java -jar benchmarks/jmh/target/jmh.jar -h)
#   JMH_ARGS="-f 3 -wi 5 -i 10" benchmarks/jmh.sh   # other run settings than the defaults below
#
# Settings (environment):
#   JMH_ARGS          the run settings (-f 1 -wi 5 -w 2s -i 5 -r 2s -tu ns -bm avgt -prof gc); the arguments
#                     of this script come after them, so give an option either here or there, not both
#                     (JMH refuses an option given twice)
#   BUILD             auto (build when the jar is missing or older than the sources), always, never (auto)
#   BENCH_JAVA_HOME   the JDK that builds and runs the benchmarks (/usr/lib/jvm/temurin-25-jdk-amd64)
#   RESULTS_FILE      where the output goes, after the command and the date (benchmarks/results/jmh.txt)
#
# The defaults keep a full run to about six minutes. Shorter warm-ups (3 x 1 s) leave the binding and render
# benchmarks still being compiled when measurement starts, which shows as errors larger than the scores.
# The figures are for spotting regressions and hot spots on one machine, not for comparing machines.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"
JAR=benchmarks/jmh/target/jmh.jar
RESULTS=${RESULTS_FILE:-benchmarks/results/jmh.txt}
BUILD=${BUILD:-auto}
read -r -a RUN_ARGS <<< "${JMH_ARGS:--f 1 -wi 5 -w 2s -i 5 -r 2s -tu ns -bm avgt -prof gc}"

BENCH_NAME=jmh
source benchmarks/lib.sh

[[ -x "$JAVA" ]] || die "no java at $JAVA (set BENCH_JAVA_HOME to a JDK 21+)"

needs_build() { stale "$JAR" "${FRAMEWORK_SOURCES[@]}" benchmarks/jmh/pom.xml benchmarks/jmh/src/main; }

case "$BUILD" in
    always) build=1 ;;
    never) build=0; [[ -f "$JAR" ]] || die "BUILD=never but $JAR is missing" ;;
    auto) if needs_build; then build=1; else build=0; fi ;;
    *) die "BUILD must be auto, always or never, not $BUILD" ;;
esac
if (( build )); then
    log "building $JAR"
    ./mvnw -q -B -DskipTests package -pl benchmarks/jmh -am
fi

take_bench_lock
command=("$JAVA" -jar "$JAR" "${RUN_ARGS[@]}" "$@")
mkdir -p "$(dirname "$RESULTS")"
{
    echo "command: ${command[*]}"
    echo "date: $(date -u)"
    echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
    echo "machine: $(nproc) CPUs ($(grep -m 1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown))"
    echo "load average at start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
} > "$RESULTS"
log "running: ${command[*]}"
"${command[@]}" 2>&1 | tee -a "$RESULTS"
echo "load average at end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
log "output written to $RESULTS"
