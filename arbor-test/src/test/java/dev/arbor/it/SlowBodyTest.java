package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Slow bodies (slow POST): a body must arrive within the body-read timeout plus one second per
 * {@code minBodyRate} bytes, or the request is answered 408 and its connection closed; every byte renews the
 * idle timeout, so without this a client sending one byte every few seconds holds its request for ever.
 */
class SlowBodyTest {
    /** One second, plus a second per 500 bytes: a body must average about 500 B/s once that second is spent. */
    private static final Limits LIMITS = Limits.defaults().withBodyReadTimeout(Duration.ofSeconds(1)).withMinBodyRate(500);
    private final Fixtures fixtures = new Fixtures();

    /** Sends {@code head}, then {@code chunk} bytes every {@code every} until {@code total} or the server closes. */
    private static CompletableFuture<Void> send(OutputStream out, String head, int total, int chunk, Duration every) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return CompletableFuture.runAsync(() -> {
            try {
                RawHttp.trickle(out, 'b', total, chunk, every);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aBodyTrickledBelowTheMinimumRateIsAnswered408AndItsConnectionClosed() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(LIMITS), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                long begin = System.nanoTime();
                CompletableFuture<Void> writer = send(socket.getOutputStream(),
                        "POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n", 1000, 1,
                        Duration.ofMillis(100));
                String answer = RawHttp.readToEnd(socket.getInputStream());
                long millis = (System.nanoTime() - begin) / 1_000_000;
                writer.cancel(true);
                assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("\r\nConnection: close\r\n")
                        .contains("application/problem+json", "/body-too-slow", "at least 500 bytes per second")
                        .doesNotContain("Exception", "at dev.arbor");
                assertThat(millis).as("cut just after the first second (about 10 bytes in), not at the 30 s idle timeout")
                        .isBetween(1_000L, 10_000L);
            }
        });
    }

    @Test
    void aMultipartUploadTrickledBelowTheMinimumRateIsAnswered408() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(LIMITS), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                String part = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n";
                CompletableFuture<Void> writer = send(socket.getOutputStream(), "POST /api/upload HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 100000\r\n\r\n" + part, 100_000, 1,
                        Duration.ofMillis(100));
                String answer = RawHttp.readToEnd(socket.getInputStream());
                writer.cancel(true);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("/body-too-slow").containsIgnoringCase("Connection: close");
            }
        });
    }

    /** 3,000 bytes over 3 s: past the one-second base, but each 100 bytes earned 0.2 s more. */
    @Test
    void aSlowBodyAboveTheMinimumRateIsReadToTheEnd() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(LIMITS), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                long begin = System.nanoTime();
                send(socket.getOutputStream(), "POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 3000\r\n\r\n", 3000, 100, Duration.ofMillis(100));
                String answer = RawHttp.readResponse(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200").contains("\"length\":3000");
                assertThat((System.nanoTime() - begin) / 1_000_000).as("longer than the base timeout alone allows").isGreaterThan(1_000);
            }
        });
    }

    /** A timeout of centuries, a way to turn the deadline off, used to overflow into a hang of every POST. */
    @Test
    void aBodyReadTimeoutOfCenturiesMeansNoDeadline() throws Exception {
        Limits off = Limits.defaults().withBodyReadTimeout(Duration.ofSeconds(Long.MAX_VALUE));
        ArborTest.run(TestApp.builder(fixtures).limits(off), (server, client) -> {
            assertThat(client.send("POST", "/api/raw", "hello", "text/plain").body()).contains("\"length\":5");
        });
    }

    @Test
    void theDefaultsAreApachesTwentySecondsAndFiveHundredBytesPerSecond() {
        assertThat(Limits.defaults().bodyReadTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(Limits.defaults().minBodyRate()).isEqualTo(500);
    }
}
