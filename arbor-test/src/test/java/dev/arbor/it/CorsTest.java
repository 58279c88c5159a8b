package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.CorsPolicy;
import dev.arbor.test.ArborTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class CorsTest {
    private final Fixtures fixtures = new Fixtures();

    private void run(ArborTest.Body body) throws Exception {
        ArborTest.run(TestApp.builder(fixtures).cors("/public", CorsPolicy.allowOrigins("*")), body);
    }

    private static HttpRequest.BodyPublisher none() {
        return HttpRequest.BodyPublishers.noBody();
    }

    @Test
    void anAllowedPreflightIsAnsweredByTheFramework() throws Exception {
        run((server, client) -> {
            var response = client.send("OPTIONS", "/api/cors", none(), "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
            assertThat(response.status()).isEqualTo(204);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
            assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST");
            assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo("Authorization, Content-Type");
            assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(response.header("Access-Control-Max-Age")).isEqualTo("600");
        });
    }

    @Test
    void aDisallowedOriginGets403AtPreflightAndNoCorsHeadersOnTheActualRequest() throws Exception {
        run((server, client) -> {
            var preflight = client.send("OPTIONS", "/api/cors", none(), "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.status()).isEqualTo(403);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
            assertThat(preflight.json().get("type").asText()).isEqualTo("/problems/cors");
            var actual = client.get("/api/cors", "Origin", "https://evil.example");
            assertThat(actual.header("Access-Control-Allow-Origin")).isNull();
        });
    }

    @Test
    void aDisallowedMethodOrHeaderGets403AtPreflight() throws Exception {
        run((server, client) -> {
            assertThat(client.send("OPTIONS", "/api/cors", none(), "Origin", "https://app.example",
                    "Access-Control-Request-Method", "DELETE").status()).isEqualTo(403);
            assertThat(client.send("OPTIONS", "/api/cors", none(), "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "X-Secret").status()).isEqualTo(403);
        });
    }

    @Test
    void anAllowedActualRequestCarriesTheCorsHeaders() throws Exception {
        run((server, client) -> {
            var response = client.get("/api/cors", "Origin", "https://app.example");
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
            assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(response.header("Access-Control-Expose-Headers")).isEqualTo("X-Total");
            assertThat(response.header("Vary")).isEqualTo("Origin");
        });
    }

    @Test
    void aPathPrefixPolicyCoversRoutesWithoutTheirOwn() throws Exception {
        run((server, client) -> {
            var response = client.get("/public/ping", "Origin", "https://anyone.example");
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://anyone.example");
            var elsewhere = client.get("/items/1", "Origin", "https://anyone.example");
            assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();
        });
    }

    @Test
    void aRouteWithoutAPolicyRefusesPreflight() throws Exception {
        run((server, client) -> assertThat(client.send("OPTIONS", "/items/1", none(), "Origin", "https://app.example",
                "Access-Control-Request-Method", "PUT").status()).isEqualTo(403));
    }
}
