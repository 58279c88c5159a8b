package shop;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One visitor of the shop over plain HTTP, keeping its cookies (the CSRF session id and the sealed session that
 * holds the cart) the way a browser does, and submitting action forms as the page rendered them.
 */
final class Shopper {
    private final TestClient client;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Shopper(TestClient client) {
        this.client = client;
    }

    TestResponse get(String path) {
        return remember(client.get(path, cookieHeader()));
    }

    /** Fetches {@code path} and returns its {@code index}-th action form. */
    ActionForm form(String path, int index) {
        return ActionForm.of(get(path), index);
    }

    /** Submits the {@code index}-th action form of {@code path} with {@code fields} (urlencoded). */
    TestResponse submit(String path, int index, String fields) {
        return submit(path, form(path, index), fields);
    }

    /** Submits a form read earlier, with this shopper's cookies as they are now. */
    TestResponse submit(String path, ActionForm form, String fields) {
        return remember(client.postForm(path, form.body(fields), cookieHeader()));
    }

    TestResponse addToCart(long productId, int quantity) {
        return submit("/products/" + productId, 0, "quantity=" + quantity);
    }

    /** Opens an event stream with this shopper's cookies; close the returned body to end it. */
    HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.base().resolve(path));
        String[] cookie = cookieHeader();
        if (cookie.length == 2) {
            request.header(cookie[0], cookie[1]);
        }
        return client.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static BufferedReader reader(HttpResponse<InputStream> stream) {
        return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    }

    /** The lines of the next event of a stream, comments (heartbeats) skipped. */
    static List<String> nextEvent(BufferedReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty() && !lines.isEmpty()) {
                return lines;
            }
            if (!line.isEmpty() && !line.startsWith(":")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The Cookie header this shopper sends, as a name/value pair for {@link TestClient}. */
    String[] cookieHeader() {
        if (cookies.isEmpty()) {
            return new String[0];
        }
        return new String[] {"Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "))};
    }

    private TestResponse remember(TestResponse response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || header.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }
}
