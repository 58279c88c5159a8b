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
    void aPreflightAnswerCarriesAllowOriginAndVaryOnce() throws Exception {
        run((server, client) -> {
            for (String path : new String[] {"/api/cors", "/public/ping"}) {
                var response = client.send("OPTIONS", path, none(), "Origin", "https://app.example", "Access-Control-Request-Method", "GET");
                assertThat(response.status()).as(path).isEqualTo(204);
                assertThat(response.headers().allValues("Access-Control-Allow-Origin")).as(path).containsExactly("https://app.example");
                assertThat(response.headers().allValues("Vary")).as(path).containsExactly("Origin");
            }
            var refused = client.send("OPTIONS", "/api/cors", none(), "Origin", "https://app.example", "Access-Control-Request-Method", "DELETE");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
            assertThat(refused.headers().allValues("Vary")).containsExactly("Origin");
        });
    }

    /** A prefix policy over /api: /api/guarded reads publicly, posts for the signed-in, deletes for admins. */
    private void runWithApiPrefixPolicy(ArborTest.Body body) throws Exception {
        ArborTest.run(TestApp.builder(fixtures).cors("/api", CorsPolicy.allowOrigins("https://partner.example")), body);
    }

    @Test
    void aPrefixPolicyOpensOnlyThePublicVerbsOfARoute() throws Exception {
        runWithApiPrefixPolicy((server, client) -> {
            var read = client.send("OPTIONS", "/api/guarded", none(), "Origin", "https://partner.example", "Access-Control-Request-Method", "GET");
            assertThat(read.status()).isEqualTo(204);
            assertThat(read.header("Access-Control-Allow-Methods")).isEqualTo("GET");
            for (String verb : new String[] {"POST", "DELETE"}) {
                var preflight = client.send("OPTIONS", "/api/guarded", none(), "Origin", "https://partner.example",
                        "Access-Control-Request-Method", verb);
                assertThat(preflight.status()).as(verb).isEqualTo(403);
                assertThat(preflight.header("Access-Control-Allow-Origin")).as(verb).isNull();
                assertThat(preflight.json().get("detail").asText()).as(verb).contains(verb);
            }
            assertThat(client.get("/api/guarded", "Origin", "https://partner.example").header("Access-Control-Allow-Origin"))
                    .isEqualTo("https://partner.example");
        });
    }

    @Test
    void aPrefixPolicyNeverOpensARouteThatIsNotPublic() throws Exception {
        runWithApiPrefixPolicy((server, client) -> {
            var preflight = client.send("OPTIONS", "/api/session/me", none(), "Origin", "https://partner.example",
                    "Access-Control-Request-Method", "GET");
            assertThat(preflight.status()).isEqualTo(403);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
            assertThat(client.get("/api/session/me", "Origin", "https://partner.example").header("Access-Control-Allow-Origin")).isNull();
        });
    }

    @Test
    void anOriginNamedOnlyByAPrefixPolicyIsStillCheckedCrossSiteOnAVerbThatIsNotPublic() throws Exception {
        runWithApiPrefixPolicy((server, client) -> {
            var post = client.send("POST", "/api/guarded", "{\"text\":\"x\"}", "application/json",
                    "Origin", "https://partner.example", "Sec-Fetch-Site", "cross-site");
            assertThat(post.status()).isEqualTo(403);
            assertThat(post.json().get("type").asText()).endsWith("/csrf");
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    @Test
    void aRoutesOwnCorsWinsOverAPrefixPolicy() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).cors("/api", CorsPolicy.allowOrigins("*")), (server, client) -> {
            var stranger = client.send("OPTIONS", "/api/cors", none(), "Origin", "https://anyone.example", "Access-Control-Request-Method", "GET");
            assertThat(stranger.status()).isEqualTo(403);
            assertThat(client.get("/api/cors", "Origin", "https://anyone.example").header("Access-Control-Allow-Origin")).isNull();
            var named = client.send("OPTIONS", "/api/cors", none(), "Origin", "https://app.example", "Access-Control-Request-Method", "POST");
            assertThat(named.status()).isEqualTo(204);
            assertThat(named.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            var elsewhere = client.send("OPTIONS", "/api/anything", none(), "Origin", "https://anyone.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(elsewhere.status()).isEqualTo(204);
            assertThat(elsewhere.header("Access-Control-Allow-Origin")).isEqualTo("https://anyone.example");
        });
    }

    @Test
    void aRouteWithoutAPolicyRefusesPreflight() throws Exception {
        run((server, client) -> assertThat(client.send("OPTIONS", "/items/1", none(), "Origin", "https://app.example",
                "Access-Control-Request-Method", "PUT").status()).isEqualTo(403));
    }
}
