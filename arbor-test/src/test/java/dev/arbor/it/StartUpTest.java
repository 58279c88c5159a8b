package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Arbor;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code holdRequestsUntil}: the port opens at once, requests wait for the app's own start-up work. */
class StartUpTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aRequestThatArrivesBeforeTheAppIsReadyWaitsForIt() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try (Arbor server = ArborTest.start(TestApp.builder(fixtures).holdRequestsUntil(ready))) {
            TestClient client = new TestClient(server.uri());
            CompletableFuture<TestResponse> early = CompletableFuture.supplyAsync(() -> client.get("/"));
            await("answered before the app was ready").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> !early.isDone());
            ready.complete(null);
            TestResponse response = early.get(5, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(client.get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void whenTheAppFailsToGetReadyRequestsAre503WithoutDetails() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try (Arbor server = ArborTest.start(TestApp.builder(fixtures).holdRequestsUntil(ready))) {
            TestClient client = new TestClient(server.uri());
            CompletableFuture<TestResponse> early = CompletableFuture.supplyAsync(() -> client.get("/"));
            await("answered before the app failed to get ready").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                    .until(() -> !early.isDone());
            ready.completeExceptionally(new IllegalStateException("database password wrong"));
            TestResponse response = early.get(5, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("password").doesNotContain("IllegalStateException");
            assertThat(client.get("/").status()).isEqualTo(503);
        }
    }
}
