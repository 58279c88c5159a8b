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
import java.util.List;
import java.util.stream.Collectors;

/**
 * One visitor of the shop over plain HTTP, keeping its cookies (the CSRF session id and the sealed session that
 * holds the cart) the way a browser does, and submitting action forms as the page rendered them.
 */
final class Shopper {
    private final TestClient client;

    Shopper(TestClient client) {
        this.client = TestClient.keepingCookies(client.base(), null);
    }

    TestResponse get(String path) {
        return client.get(path);
    }

    /** Fetches {@code path} and returns its {@code index}-th action form. */
    ActionForm form(String path, int index) {
        return ActionForm.of(get(path), index);
    }

    /** Submits the {@code index}-th action form of {@code path} with {@code fields} (urlencoded). */
    TestResponse submit(String path, int index, String fields) {
        return submit(path, form(path, index), fields);
    }

    /** Submits a form read earlier, with this shopper's cookies as they are now, asking for HTML as a browser does. */
    TestResponse submit(String path, ActionForm form, String fields) {
        return client.postForm(path, form.body(fields), "Accept", "text/html");
    }

    TestResponse addToCart(long productId, int quantity) {
        return submit("/products/" + productId, 0, "quantity=" + quantity);
    }

    /** Opens an event stream with this shopper's cookies; close the returned body to end it. */
    HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.base().resolve(path));
        if (!client.cookies().isEmpty()) {
            request.header("Cookie", client.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
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
}
