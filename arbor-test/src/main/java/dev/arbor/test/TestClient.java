package dev.arbor.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JDK {@link HttpClient} aimed at one server, with one-line calls for the common requests. Headers are
 * given as name/value pairs: {@code client.get("/api/x", "Accept", "application/json")}. Redirects are
 * not followed, so tests see them.
 */
public final class TestClient {
    private final URI base;
    private final HttpClient http;

    public TestClient(URI base) {
        this(base, null);
    }

    /** A client for an HTTPS server whose certificate {@code tls} trusts (such as a test's self-signed one). */
    public TestClient(URI base, javax.net.ssl.SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    public URI base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    public TestResponse get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public TestResponse delete(String path, String... headers) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    /** POSTs a JSON text. */
    public TestResponse postJson(String path, String json, String... headers) {
        return send("POST", path, json, "application/json", headers);
    }

    /** POSTs a urlencoded form text such as {@code name=Ada&email=ada%40example.com}. */
    public TestResponse postForm(String path, String form, String... headers) {
        return send("POST", path, form, "application/x-www-form-urlencoded", headers);
    }

    /** POSTs a multipart body. */
    public TestResponse postMultipart(String path, Multipart body, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body.bytes()),
                concat(headers, "Content-Type", body.contentType()));
    }

    /** Sends {@code body} with a content type. */
    public TestResponse send(String method, String path, String body, String contentType, String... headers) {
        return send(method, path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8),
                concat(headers, "Content-Type", contentType));
    }

    /** Sends any request. */
    public TestResponse send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).method(method, body);
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] headers, String name, String value) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }
}
