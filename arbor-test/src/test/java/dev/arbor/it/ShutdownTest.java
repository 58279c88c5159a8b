package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Arbor;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    private final Fixtures fixtures = new Fixtures();

    private static final String GET_ITEM = "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Whether the server still accepts connections; it stops as soon as the drain begins. */
    private static boolean accepting(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** A request the server holds until {@code fixtures.slowRelease}, already inside its handler. */
    private CompletableFuture<TestResponse> slowRequestInFlight(Arbor server) throws InterruptedException {
        TestClient client = new TestClient(server.uri());
        CompletableFuture<TestResponse> inFlight = CompletableFuture.supplyAsync(() -> client.get("/api/slow"));
        assertThat(fixtures.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
        return inFlight;
    }

    /** A connection that has had one request answered and is now kept alive with nothing in flight. */
    private static Socket keptAliveAfterOneRequest(Arbor server) throws IOException {
        Socket kept = new Socket("127.0.0.1", server.port());
        kept.setSoTimeout(10_000);
        kept.getOutputStream().write(GET_ITEM.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawHttp.readResponse(kept.getInputStream())).startsWith("HTTP/1.1 200");
        return kept;
    }

    /** Waits until the server has begun draining. */
    private static void awaitDrain(int port) {
        await("the server stops accepting connections after stop()").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> !accepting(port));
    }

    /**
     * Lets three times the drain's 100 ms idle grace pass. Real time: the drain measures a connection's quiet on
     * Jetty's own clock, and a pause that long is what the tests show the connection survives.
     */
    private static void pauseLongerThanTheIdleGrace() throws InterruptedException {
        Thread.sleep(300);
    }

    /**
     * Like Go's {@code Server.Shutdown}, the drain closes kept-alive connections idle between requests at once,
     * but a connection whose next request head has begun arriving keeps its normal timeouts: here the client
     * pauses three times the 100 ms idle grace in the middle of its head and still gets its 503. (With Jetty's
     * shutdown idle timeout, which shortens every connection alike, that pause lost the connection unanswered,
     * and any stall on a loaded machine did too.)
     */
    @Test
    void aNewRequestOnAKeptAliveConnectionDuringTheDrainIsAnswered503WithConnectionClose() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        CompletableFuture<TestResponse> inFlight = slowRequestInFlight(server);
        try (Socket kept = keptAliveAfterOneRequest(server)) {
            OutputStream out = kept.getOutputStream();
            InputStream in = kept.getInputStream();

            int port = server.port();
            out.write("DELETE /items/1 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(500); // the server reads these bytes long before; there is no signal to wait on instead
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            awaitDrain(port);
            pauseLongerThanTheIdleGrace();
            out.write("X-Waited: yes\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String refused = RawHttp.readToEnd(in);

            assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("\r\nConnection: close\r\n")
                    .contains("application/problem+json").doesNotContain("HTTP/1.1 200");
            assertThat(stopping).isNotDone();
            fixtures.slowRelease.countDown();
            TestResponse finished = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.body()).isEqualTo("finished");
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(fixtures.invocations.get()).isZero();
        }
    }

    /** An upload in progress when the drain starts may pause longer than the idle grace and still complete. */
    @Test
    void anUploadThatPausesDuringTheDrainStillCompletes() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        int port = server.port();
        try (Socket upload = new Socket("127.0.0.1", port)) {
            upload.setSoTimeout(10_000);
            OutputStream out = upload.getOutputStream();
            out.write("POST /api/raw?entered=1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nbody"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(fixtures.slowEntered.await(5, TimeUnit.SECONDS)).as("the handler is reading the body").isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            awaitDrain(port);
            pauseLongerThanTheIdleGrace();
            out.write("rest".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(RawHttp.readToEnd(upload.getInputStream())).startsWith("HTTP/1.1 200").contains("\"text\":\"bodyrest\"");
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    /** A kept-alive connection with no request begun is closed soon after the drain starts, not when it ends. */
    @Test
    void anIdleKeptAliveConnectionIsClosedWhileARequestInFlightStillDrains() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        CompletableFuture<TestResponse> inFlight = slowRequestInFlight(server);
        try (Socket idle = keptAliveAfterOneRequest(server)) {

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            assertThat(RawHttp.readToEnd(idle.getInputStream())).isEmpty();
            assertThat(stopping).isNotDone();
            fixtures.slowRelease.countDown();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A request pipelined behind one in flight: the in-flight one finishes with {@code Connection: close}, so the
     * queued one is never run and the client knows it may retry it elsewhere.
     */
    @Test
    void aResponseFinishedDuringTheDrainClosesItsConnectionSoARequestQueuedBehindItNeverRuns() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        int port = server.port(); // read before stop(): a stopped connector reports no port
        try (Socket kept = new Socket("127.0.0.1", port)) {
            kept.setSoTimeout(10_000);
            kept.getOutputStream().write(("GET /api/slow HTTP/1.1\r\nHost: x\r\n\r\nDELETE /items/1 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(fixtures.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            awaitDrain(port);
            fixtures.slowRelease.countDown();

            String answers = RawHttp.readToEnd(kept.getInputStream());
            assertThat(answers).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nConnection: close\r\n").endsWith("finished");
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(fixtures.invocations.get()).isZero();
        }
    }

    @Test
    void stopLetsARequestInFlightFinish() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        TestClient client = new TestClient(server.uri());
        CompletableFuture<TestResponse> inFlight = CompletableFuture.supplyAsync(() -> client.get("/api/slow"));
        assertThat(fixtures.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        await("stop() returned with a request in flight").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !stopping.isDone());
        fixtures.slowRelease.countDown();
        TestResponse response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        stopping.get(10, TimeUnit.SECONDS);
    }

    /** What SIGTERM left: the slow request that was in flight, and how long the process took to exit. */
    private record Drain(CompletableFuture<TestResponse> request, Duration exit) {}

    /**
     * Runs {@link TestApp} in its own JVM with {@code shutdownTimeout}, sends it {@code slowPath}, waits until the
     * child says it is serving it, then sends SIGTERM and waits for the process to exit.
     */
    private static Drain sigtermWhileServing(String slowPath, Duration shutdownTimeout) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), TestApp.class.getName(),
                Integer.toString(port), Long.toString(shutdownTimeout.toMillis())).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream()));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("READY")) {
                // start-up log lines
            }
            assertThat(line).isEqualTo("READY " + port);
            // Keep draining the output so the child never blocks on a full pipe, and hear when the slow request started.
            CountDownLatch slowEntered = new CountDownLatch(1);
            Thread.startVirtualThread(() -> output.lines().filter("SLOW ENTERED"::equals).forEach(seen -> slowEntered.countDown()));
            TestClient client = new TestClient(java.net.URI.create("http://127.0.0.1:" + port));
            assertThat(client.get("/items/1").status()).isEqualTo(200); // so the next request goes out at once
            CompletableFuture<TestResponse> request = CompletableFuture.supplyAsync(() -> client.get(slowPath));
            assertThat(slowEntered.await(10, TimeUnit.SECONDS)).as("the slow request reached the server").isTrue();
            long sigterm = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Drain(request, Duration.ofNanos(System.nanoTime() - sigterm));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermDrainsInFlightRequestsAndTheProcessExitsBeforeTheShutdownTimeout() throws Exception {
        Duration shutdownTimeout = Duration.ofSeconds(5);
        Drain drain = sigtermWhileServing("/api/slow?ms=1500", shutdownTimeout);
        System.out.printf("process exited %d ms after SIGTERM (shutdown timeout %d ms)%n", drain.exit().toMillis(),
                shutdownTimeout.toMillis());
        TestResponse response = drain.request().get(5, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        assertThat(drain.exit()).isLessThan(shutdownTimeout);
    }

    @Test
    void aRequestThatOutlastsTheShutdownTimeoutDoesNotKeepTheProcessAlive() throws Exception {
        Duration shutdownTimeout = Duration.ofSeconds(2);
        Drain drain = sigtermWhileServing("/api/slow?ms=60000", shutdownTimeout);
        System.out.printf("process with a stuck request exited %d ms after SIGTERM (shutdown timeout %d ms)%n",
                drain.exit().toMillis(), shutdownTimeout.toMillis());
        // Bounded by the shutdown timeout, not by the 60 s request; the upper margin absorbs a loaded machine.
        assertThat(drain.exit()).isBetween(shutdownTimeout.minusMillis(100), shutdownTimeout.plusSeconds(5));
        assertThat(drain.request()).failsWithin(Duration.ofSeconds(5));
    }
}
