package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        Limits limits = Limits.defaults().withIdleTimeout(Duration.ofMillis(300));
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                long begin = System.nanoTime();
                InputStream in = socket.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
            }
        });
    }

    @Test
    void theHeaderLimitIsConfigurableAndAnswersProblemJson() throws Exception {
        Limits limits = Limits.defaults().withMaxHeaderSize(1024);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            assertThat(client.get("/items/1", "X-Small", "a".repeat(200)).status()).isEqualTo(200);
            var response = client.get("/items/1", "X-Big", "a".repeat(2000));
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.body()).doesNotContain("jetty", "Exception");
        });
    }

    @Test
    void theBodyLimitIsConfigurable() throws Exception {
        Limits limits = Limits.defaults().withMaxBodySize(100);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            assertThat(client.postJson("/api/raw", "x".repeat(100)).status()).isEqualTo(200);
            assertThat(client.postJson("/api/raw", "x".repeat(101)).status()).isEqualTo(413);
        });
    }

    /**
     * A body sent in chunks (no Content-Length) is counted as it arrives: one exactly at the limit, past several
     * growths of the array it is read into, arrives byte for byte; one byte more is 413; a short one and an empty one
     * arrive as sent.
     */
    @Test
    void aChunkedBodyIsReadWholeUpToTheLimitAndRefusedPastIt() throws Exception {
        Limits limits = Limits.defaults().withMaxBodySize(5_000);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < 5_000; i++) {
                text.append(i % 10);
            }
            for (String sent : java.util.List.of(text.toString(), "hello", "")) {
                var answer = client.send("POST", "/api/raw", chunked(sent), "Content-Type", "text/plain");
                assertThat(answer.status()).as("%d bytes", sent.length()).isEqualTo(200);
                assertThat(answer.json().get("length").asInt()).isEqualTo(sent.length());
                assertThat(answer.json().get("text").asText()).isEqualTo(sent);
            }
            assertThat(client.send("POST", "/api/raw", chunked(text + "x"), "Content-Type", "text/plain").status()).isEqualTo(413);
        });
    }

    /** A body of unknown length, which the client sends chunked. */
    private static java.net.http.HttpRequest.BodyPublisher chunked(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
    }

    /** Breadth, which depth and string limits leave open: a body of many small values. */
    @Test
    void theJsonTokenLimitIsConfigurable() throws Exception {
        Limits limits = Limits.defaults().withMaxJsonTokens(100);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            String small = "{\"value\":[" + "1,".repeat(40) + "1]}";
            String wide = "{\"value\":[" + "1,".repeat(200) + "1]}";
            assertThat(client.postJson("/api/anything", small).status()).isEqualTo(200);
            var refused = client.postJson("/api/anything", wide);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.body()).containsIgnoringCase("token");
        });
        assertThat(Limits.defaults().maxJsonTokens()).isEqualTo(50_000);
    }
}
