package dev.arbor.bench;

import dev.arbor.internal.state.SharedState;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.params.SetParams;

/**
 * Latency per Redis command from virtual threads, for each way Arbor could talk to Redis: Lettuce (one
 * multiplexed connection; its async API waited on with a timeout, and its sync API), Jedis (a pool of blocking
 * connections, one per thread), and {@code arbor} (whatever {@link SharedState} does today). Each of 64 virtual
 * threads loops over its own keys: {@code SET … PX} then {@code GET} of a 64-byte value, or the rate-limit
 * counter script by {@code EVALSHA}. Clients run in turn, round after round, so that a machine busy with
 * something else weighs on all of them alike; the summary takes each figure's median over the rounds.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.arbor.bench.RedisClients [URI] [THREADS] [SECONDS] [ROUNDS] [CLIENTS]</pre>
 *
 * Defaults: {@code redis://127.0.0.1:6379/0 64 5 3 arbor,lettuce,lettuce-sync,jedis}. Keys live a minute.
 */
public final class RedisClients {
    private static final long BUCKET_NANOS = 1_000; // 1 µs steps,
    private static final int BUCKETS = 200_000; // up to 200 ms; slower commands land in the last bucket
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final int KEYS_PER_THREAD = 100;

    private RedisClients() {}

    /** The three commands measured, as each client issues them. */
    interface Client extends AutoCloseable {
        void set(String key, byte[] value);

        byte[] get(String key);

        long count(String key);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> names = Arrays.asList((args.length > 4 ? args[4] : "arbor,lettuce,lettuce-sync,jedis").split(","));
        System.out.printf("Redis at %s, %d virtual threads, %d s per measurement after %d s of warm-up, %d rounds, JDK %s%n",
                uri, threads, seconds, seconds, rounds, Runtime.version());
        Map<String, List<double[]>> results = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String name : names) {
                try (Client client = open(name, uri, threads)) {
                    for (String op : List.of("get/set", "evalsha")) {
                        run(client, op, threads, seconds); // warm-up
                        double[] figures = run(client, op, threads, seconds);
                        results.computeIfAbsent(name + " " + op, k -> new ArrayList<>()).add(figures);
                        System.out.printf("REDIS_RESULT round=%d client=%s op=%s ops_s=%.0f p50_us=%.0f p99_us=%.0f errors=%.0f cpu_us_per_op=%.1f%n",
                                round, name, op, figures[0], figures[1], figures[2], figures[3], figures[4]);
                    }
                }
            }
        }
        System.out.println();
        System.out.printf("%-24s %10s %8s %8s %8s %12s   (median of %d rounds)%n", "client op", "ops/s", "p50 µs", "p99 µs",
                "errors", "CPU µs/op", rounds);
        results.forEach((key, runs) -> System.out.printf("%-24s %10.0f %8.0f %8.0f %8.0f %12.1f%n", key,
                median(runs, 0), median(runs, 1), median(runs, 2), median(runs, 3), median(runs, 4)));
    }

    private static double median(List<double[]> runs, int figure) {
        double[] values = runs.stream().mapToDouble(r -> r[figure]).sorted().toArray();
        return values[values.length / 2];
    }

    /** Runs {@code op} from {@code threads} virtual threads for {@code seconds}: ops/s, p50 µs, p99 µs, errors. */
    private static double[] run(Client client, String op, int threads, int seconds) throws Exception {
        long[][] histograms = new long[threads][];
        long[] errors = new long[threads];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        byte[] value = new byte[64];
        Arrays.fill(value, (byte) 'v');
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        long began;
        long cpuBefore;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                executor.submit(() -> {
                    long[] histogram = new long[BUCKETS];
                    histograms[thread] = histogram;
                    String prefix = "arbor:bench:" + op.charAt(0) + ":" + thread + ":";
                    start.await();
                    for (int i = 0; !stop.get(); i++) {
                        String key = prefix + (i % KEYS_PER_THREAD);
                        try {
                            if (op.equals("evalsha")) {
                                long at = System.nanoTime();
                                client.count(key);
                                record(histogram, System.nanoTime() - at);
                            } else {
                                long at = System.nanoTime();
                                client.set(key, value);
                                record(histogram, System.nanoTime() - at);
                                at = System.nanoTime();
                                client.get(key);
                                record(histogram, System.nanoTime() - at);
                            }
                        } catch (RuntimeException e) {
                            errors[thread]++;
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    return null;
                });
            }
            cpuBefore = os.getProcessCpuTime();
            began = System.nanoTime();
            start.countDown();
            TimeUnit.SECONDS.sleep(seconds);
            stop.set(true);
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        if (firstError.get() != null) {
            System.out.println("  first error: " + firstError.get());
        }
        long[] merged = new long[BUCKETS];
        for (long[] histogram : histograms) {
            for (int i = 0; i < BUCKETS; i++) {
                merged[i] += histogram[i];
            }
        }
        long total = Arrays.stream(merged).sum();
        return new double[] {total / elapsed, percentile(merged, total, 0.50), percentile(merged, total, 0.99),
                Arrays.stream(errors).sum(), total == 0 ? Double.NaN : cpu / 1e3 / total};
    }

    private static void record(long[] histogram, long nanos) {
        histogram[(int) Math.min(BUCKETS - 1, nanos / BUCKET_NANOS)]++;
    }

    private static double percentile(long[] histogram, long total, double fraction) {
        long rank = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1_000.0;
            }
        }
        return Double.NaN;
    }

    private static Client open(String name, String uri, int threads) throws IOException {
        return switch (name) {
            case "arbor" -> arbor(uri);
            case "lettuce" -> lettuce(uri, false);
            case "lettuce-sync" -> lettuce(uri, true);
            case "jedis" -> jedis(uri, threads);
            default -> throw new IllegalArgumentException("no client named " + name);
        };
    }

    private static String script() throws IOException {
        try (var in = SharedState.class.getResourceAsStream("count.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the framework's own {@link SharedState} does with the address. */
    private static Client arbor(String uri) {
        SharedState state = SharedState.of(uri, java.time.Clock.systemUTC());
        return new Client() {
            public void set(String key, byte[] value) {
                state.put(key, value, TTL);
            }

            public byte[] get(String key) {
                return state.get(key);
            }

            public long count(String key) {
                return state.count(key, 1, TTL).value();
            }

            public void close() {
                state.close();
            }
        };
    }

    /** One Lettuce connection shared by every thread, as Lettuce is meant to be used. */
    private static Client lettuce(String uri, boolean sync) throws IOException {
        RedisClient redis = RedisClient.create(RedisURI.create(uri));
        redis.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        StatefulRedisConnection<String, byte[]> connection = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        RedisAsyncCommands<String, byte[]> async = connection.async();
        RedisCommands<String, byte[]> blocking = connection.sync();
        String source = script();
        String sha = blocking.scriptLoad(source);
        SetArgs px = SetArgs.Builder.px(TTL.toMillis());
        byte[][] countArgs = {bytes("1"), bytes(Long.toString(TTL.toMillis()))};
        return new Client() {
            public void set(String key, byte[] value) {
                if (sync) {
                    blocking.set(key, value, px);
                } else {
                    await(async.set(key, value, px));
                }
            }

            public byte[] get(String key) {
                return sync ? blocking.get(key) : await(async.get(key));
            }

            public long count(String key) {
                String[] keys = {key};
                List<Object> reply;
                try {
                    reply = sync ? blocking.evalsha(sha, ScriptOutputType.MULTI, keys, countArgs)
                            : await(async.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, countArgs));
                } catch (RuntimeException e) {
                    if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                        throw e;
                    }
                    // Another user of this Redis ran SCRIPT FLUSH: load the script again, as Arbor does.
                    reply = sync ? blocking.eval(source, ScriptOutputType.MULTI, keys, countArgs)
                            : await(async.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, countArgs));
                }
                return (Long) reply.getFirst();
            }

            public void close() {
                connection.close();
                redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        };
    }

    private static <T> T await(io.lettuce.core.RedisFuture<T> future) {
        try {
            return future.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.toString(), e);
        }
    }

    /** A Jedis pool with a connection for every thread, so that no thread waits for one. */
    private static Client jedis(String uri, int threads) throws IOException {
        java.net.URI parsed = java.net.URI.create(uri);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(threads);
        pool.setMaxIdle(threads);
        pool.setMinIdle(threads);
        int database = parsed.getPath() == null || parsed.getPath().length() < 2 ? 0 : Integer.parseInt(parsed.getPath().substring(1));
        var jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort(new HostAndPort(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder().database(database).timeoutMillis(2000).build())
                .poolConfig(pool).build();
        String source = script();
        String sha = jedis.scriptLoad(source);
        SetParams px = SetParams.setParams().px(TTL.toMillis());
        byte[] countSha = bytes(sha);
        byte[] delta = bytes("1");
        byte[] ttl = bytes(Long.toString(TTL.toMillis()));
        return new Client() {
            public void set(String key, byte[] value) {
                jedis.set(bytes(key), value, px);
            }

            public byte[] get(String key) {
                return jedis.get(bytes(key));
            }

            public long count(String key) {
                Object reply;
                try {
                    reply = jedis.evalsha(countSha, 1, bytes(key), delta, ttl);
                } catch (RuntimeException e) {
                    if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                        throw e;
                    }
                    reply = jedis.eval(bytes(source), 1, bytes(key), delta, ttl);
                }
                return (Long) ((List<?>) reply).getFirst();
            }

            public void close() {
                jedis.close();
            }
        };
    }
}
