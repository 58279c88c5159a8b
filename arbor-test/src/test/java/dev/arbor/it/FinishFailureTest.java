package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.test.ArborTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request that fails while its answer is being finished (cookies written) still gets an answer. */
class FinishFailureTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aSessionGrownPastTheCookieLimitIsAnswered500AndTheServerStillStopsCleanly() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures).shutdownTimeout(Duration.ofSeconds(3)));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String json = "{\"user\":\"" + "a".repeat(4000) + "\",\"roles\":[]}";
            HttpRequest login = HttpRequest.newBuilder(URI.create(server.uri() + "/api/session/login"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("Error id").doesNotContain("Exception", "3800");
            assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_session="));
            // The connection is still served.
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/items/1"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(200);
        } finally {
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            stopping.get(10, TimeUnit.SECONDS); // throws if the stop was not clean
        }
    }
}
