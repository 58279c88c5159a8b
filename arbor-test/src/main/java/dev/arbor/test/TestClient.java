package dev.arbor.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A JDK {@link HttpClient} aimed at one server, with one-line calls for the common requests. Headers are
 * given as name/value pairs: {@code client.get("/api/x", "Accept", "application/json")}. Redirects are
 * not followed, so tests see them. A client is stateless unless made with {@link #keepingCookies}.
 */
public final class TestClient {
    private final URI base;
    private final HttpClient http;
    /** The cookies the server set, sent back with every request; null for a stateless client. */
    private final Map<String, String> cookies;

    public TestClient(URI base) {
        this(base, (javax.net.ssl.SSLContext) null);
    }

    /** A client for an HTTPS server whose certificate {@code tls} trusts (such as a test's self-signed one). */
    public TestClient(URI base, javax.net.ssl.SSLContext tls) {
        this(base, (tls == null ? builder() : builder().sslContext(tls)).build(), null);
    }

    private TestClient(URI base, HttpClient http, Map<String, String> cookies) {
        this.base = base;
        this.http = http;
        this.cookies = cookies;
    }

    /**
     * A client that behaves like a browser without JavaScript: it keeps the cookies the server sets (and drops
     * those it deletes) and sends them back. With a {@code localAddress} (any 127.0.0.x reaches a server on
     * loopback) each such client can have a remote address of its own, for per-address limits.
     */
    public static TestClient keepingCookies(URI base, java.net.InetAddress localAddress) {
        HttpClient.Builder builder = builder();
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        return new TestClient(base, builder.build(), new java.util.LinkedHashMap<>());
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
    }

    /** A cookie's value as the server last set it, or null; only for a client {@link #keepingCookies}. */
    public String cookie(String name) {
        return cookieJar().get(name);
    }

    /** The cookies this client sends, as the server last set them; only for a client {@link #keepingCookies}. */
    public Map<String, String> cookies() {
        return Map.copyOf(cookieJar());
    }

    /** Sets a cookie as if the server had, such as a tampered one; only for a client {@link #keepingCookies}. */
    public void setCookie(String name, String value) {
        cookieJar().put(name, value);
    }

    private Map<String, String> cookieJar() {
        if (cookies == null) {
            throw new IllegalStateException("this client keeps no cookies: make it with TestClient.keepingCookies");
        }
        return cookies;
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
        if (cookies != null && !cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (cookies != null) {
                keep(response.headers().allValues("Set-Cookie"));
            }
            return new TestResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keep(List<String> setCookies) {
        for (String set : setCookies) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String[] concat(String[] headers, String name, String value) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }
}
