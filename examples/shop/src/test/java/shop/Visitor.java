package shop;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One visitor of the shop over plain HTTP, the way a browser without JavaScript would be: it keeps the cookies
 * the shop sets and sends them back, and submits action forms as a page rendered them. It connects from a
 * loopback address of its own (127.0.0.x all reach a server on 127.0.0.1), so each test can have its own
 * remote address for the per-address login limit.
 */
final class Visitor {
    private final URI base;
    private final HttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Visitor(URI base, String localAddress) {
        this.base = base;
        try {
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .localAddress(InetAddress.getByName(localAddress))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestResponse get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    TestResponse post(String path, String body, String contentType, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8),
                concat(headers, "Content-Type", contentType));
    }

    /** Opens {@code page}, then submits its {@code index}-th action form with {@code fields} (urlencoded). */
    TestResponse submit(String page, int index, String fields, String... headers) {
        ActionForm form = ActionForm.of(get(page), index);
        return post(page, form.body(fields), "application/x-www-form-urlencoded", headers);
    }

    /** A cookie's value as last set by the shop, or null. */
    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    TestResponse send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || set.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
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
