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
