package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTest {
    private final Fixtures fixtures = new Fixtures();

    private void run(ArborTest.Body body) throws Exception {
        ArborTest.run(TestApp.builder(fixtures), body);
    }

    @Test
    void cookiesAreHttpOnlyAndLaxByDefault() throws Exception {
        run((server, client) -> {
            var response = client.get("/api/cookies", "Cookie", "a=1; b=2");
            List<String> cookies = response.headers().allValues("Set-Cookie");
            assertThat(cookies).containsExactly(
                    "session=abc123; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
                    "theme=dark; Path=/; SameSite=Strict");
            assertThat(response.json().get("seen").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        });
    }

    @Test
    void customHeadersAndRedirects() throws Exception {
        run((server, client) -> {
            var response = client.get("/api/headers", "X-Test", "probe");
            assertThat(response.header("X-Custom")).isEqualTo("yes");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.json().get("agent").asText()).isEqualTo("probe");
            var redirect = client.get("/api/redirect");
            assertThat(redirect.status()).isEqualTo(303);
            assertThat(redirect.header("Location")).isEqualTo("/items/new");
        });
    }

    @Test
    void bytesKeepTheirContentType() throws Exception {
        run((server, client) -> {
            var response = client.get("/api/bytes");
            assertThat(response.header("Content-Type")).isEqualTo("image/png");
            assertThat(response.bytes()).containsExactly(0x89, 'P', 'N', 'G');
        });
    }

    @Test
    void aMatchingIfNoneMatchAnswers304WithoutABody() throws Exception {
        run((server, client) -> {
            var first = client.get("/api/etag");
            String etag = first.header("ETag");
            assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
            assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=60");
            var again = client.get("/api/etag", "If-None-Match", etag);
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.bytes()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(etag);
            assertThat(client.get("/api/etag", "If-None-Match", "\"other\"").status()).isEqualTo(200);
        });
    }

    @Test
    void aStreamArrivesChunkedLineByLine() throws Exception {
        run((server, client) -> {
            var request = HttpRequest.newBuilder(client.base().resolve("/api/stream")).build();
            HttpResponse<java.io.InputStream> response = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Transfer-Encoding")).contains("chunked");
            try (var reader = new BufferedReader(new InputStreamReader(response.body()))) {
                assertThat(reader.lines().toList()).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
            }
        });
    }
}
