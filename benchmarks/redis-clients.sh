#!/usr/bin/env bash
# Redis commands from 64 virtual threads through Lettuce, Jedis and Arbor's SharedState (RedisClients), against
# the local Redis; rounds alternate the clients so that a busy machine weighs on all of them alike.
#
#   benchmarks/redis-clients.sh                         # 3 rounds of 5 s per client and command
#   BEFORE_JAR=/tmp/old-benchmarks.jar benchmarks/redis-clients.sh   # also Arbor's client of another build, as "arbor-before"
#
# Settings (environment): REDIS_URI (redis://127.0.0.1:6379/0), THREADS (64), SECONDS_EACH (5), ROUNDS (3),
# BENCH_JAVA_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), RESULTS_FILE (benchmarks/results/redis-clients.txt).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
JAR=benchmarks/target/benchmarks.jar
RESULTS=${RESULTS_FILE:-benchmarks/results/redis-clients.txt}
ARGS=("${REDIS_URI:-redis://127.0.0.1:6379/0}" "${THREADS:-64}" "${SECONDS_EACH:-5}" 1)

[[ -f "$JAR" ]] || ./mvnw -B -o -q -pl benchmarks -am package -DskipTests
{
  echo "# benchmarks/redis-clients.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq 1 "${ROUNDS:-3}"); do
    echo "## round $round"
    if [[ -n "${BEFORE_JAR:-}" ]]; then
      java -cp "$BEFORE_JAR" dev.arbor.bench.RedisClients "${ARGS[@]}" arbor 2>/dev/null | grep REDIS_RESULT | sed 's/client=arbor /client=arbor-before /'
    fi
    java -cp "$JAR" dev.arbor.bench.RedisClients "${ARGS[@]}" arbor,lettuce,lettuce-sync,jedis 2>/dev/null | grep "REDIS_RESULT\|first error"
  done
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS.raw"
# The median of each figure over the rounds, per client and command.
printf "\n%-26s %10s %8s %8s %10s %7s   (median of rounds)\n" "client command" "ops/s" "p50 µs" "p99 µs" "CPU µs/op" "errors" >> "$RESULTS.raw"
printf "\n%-26s %10s %8s %8s %10s %7s   (median of rounds)\n" "client command" "ops/s" "p50 µs" "p99 µs" "CPU µs/op" "errors"
awk '/REDIS_RESULT/ { key = ""; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       k = v["client"] " " v["op"]; keys[k] = 1; n[k]++
       ops[k, n[k]] = v["ops_s"]; p50[k, n[k]] = v["p50_us"]; p99[k, n[k]] = v["p99_us"]; cpu[k, n[k]] = v["cpu_us_per_op"]; err[k, n[k]] = v["errors"] }
     function med(a, k, m,   i, j, t, x) { for (i = 1; i <= m; i++) x[i] = a[k, i] + 0
       for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
       return x[int((m + 1) / 2)] }
     END { for (k in keys) printf "%-26s %10d %8d %8d %10.1f %7d\n", k, med(ops, k, n[k]), med(p50, k, n[k]), med(p99, k, n[k]), med(cpu, k, n[k]), med(err, k, n[k]) }' \
  "$RESULTS.raw" | sort | tee -a "$RESULTS.raw"
mv "$RESULTS.raw" "$RESULTS"
