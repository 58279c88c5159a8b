package shop;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import dev.arbor.test.TestClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * One visitor of the shop over plain HTTP, the way a browser without JavaScript would be: it keeps the cookies
 * the shop sets and sends them back, and submits action forms as a page rendered them. It connects from a
 * loopback address of its own (127.0.0.x all reach a server on 127.0.0.1), so each test can have its own
 * remote address for the per-address login limit.
 */
final class Visitor {
    private final TestClient client;

    Visitor(URI base, String localAddress) {
        try {
            this.client = TestClient.keepingCookies(base, InetAddress.getByName(localAddress));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(localAddress, e);
        }
    }

    TestResponse get(String path, String... headers) {
        return client.get(path, headers);
    }

    TestResponse post(String path, String body, String contentType, String... headers) {
        return client.send("POST", path, body, contentType, headers);
    }

    /** Opens {@code page}, then submits its {@code index}-th action form with {@code fields} (urlencoded). */
    TestResponse submit(String page, int index, String fields, String... headers) {
        ActionForm form = ActionForm.of(get(page), index);
        return post(page, form.body(fields), "application/x-www-form-urlencoded", headers);
    }

    /** A cookie's value as last set by the shop, or null. */
    String cookie(String name) {
        return client.cookie(name);
    }

    void setCookie(String name, String value) {
        client.setCookie(name, value);
    }

    TestResponse send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        return client.send(method, path, body, headers);
    }
}
