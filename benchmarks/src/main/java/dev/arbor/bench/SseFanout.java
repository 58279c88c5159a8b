package dev.arbor.bench;

import dev.arbor.bench.app.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The load client of the SSE scenario (wrk cannot hold event streams): N clients subscribe to
 * {@code /api/events}, then for the given duration the client asks the server to broadcast batches of events
 * ({@code POST /bench/broadcast?count=B}) one after the other, and counts the events the clients receive and
 * how long each took from the server's send to the client's read.
 *
 * <pre>java -cp benchmarks.jar dev.arbor.bench.SseFanout HOST PORT CLIENTS SECONDS [BATCH]</pre>
 *
 * Prints one line: {@code SSE_RESULT clients=… events=… eps=… p50_us=… p99_us=… errors=…}.
 */
public final class SseFanout {
    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 200_000; // up to 2 s, in 10 µs steps

    private SseFanout() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        String base = "http://" + host + ":" + port;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong received = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLongArray latency = new AtomicLongArray(BUCKETS);
        CountDownLatch ready = new CountDownLatch(clients);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<java.util.stream.Stream<String>> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/events")).header("Accept", "text/event-stream").build(),
                            HttpResponse.BodyHandlers.ofLines());
                    response.body().forEach(line -> {
                        if (line.startsWith("event: ready")) {
                            ready.countDown();
                        } else if (line.startsWith("data: {\"seq\"")) {
                            int at = line.indexOf("\"sentMicros\":") + 13;
                            long sent = Long.parseLong(line, at, line.indexOf('}', at), 10);
                            long micros = Math.max(0, Clock.micros() - sent);
                            latency.incrementAndGet((int) Math.min(BUCKETS - 1, micros / BUCKET_MICROS));
                            received.incrementAndGet();
                        }
                    });
                } catch (Exception e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        errors.incrementAndGet();
                    }
                    ready.countDown();
                }
            }));
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - ready.getCount()) + " of " + clients + " clients subscribed");
        }
        HttpRequest broadcast = HttpRequest.newBuilder(URI.create(base + "/bench/broadcast?count=" + batch))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        long expected = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(broadcast, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                errors.incrementAndGet();
            }
            // Counted here, not from the server's answer: a stream left over from an earlier client may still
            // take writes until the server notices it is gone.
            expected += (long) batch * clients;
        }
        // The server has written every event when it answers; give the clients a moment to read the last ones.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.get() < expected && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = received.get();
        System.out.printf("SSE_RESULT clients=%d events=%d expected=%d eps=%.1f p50_us=%d p99_us=%d errors=%d%n",
                clients, total, expected, total / elapsed, percentile(latency, total, 0.50), percentile(latency, total, 0.99),
                errors.get() + (expected - total));
        readers.forEach(Thread::interrupt);
        System.exit(0);
    }

    private static long percentile(AtomicLongArray buckets, long total, double p) {
        long target = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= target && target > 0) {
                return (long) i * BUCKET_MICROS;
            }
        }
        return (long) (buckets.length() - 1) * BUCKET_MICROS;
    }
}
