package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Request shapes that HTTP parsers have disagreed on (request smuggling) and oversized parts, sent over a raw
 * socket because a well-behaved client cannot send them. SECURITY.md checklist items 24–26.
 */
class HttpHardeningTest {
    private final Fixtures fixtures = new Fixtures();

    /** Sends raw bytes and reads until the server closes the connection (or 5 s pass). */
    private static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // A reset after the answer also ends the exchange.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void assertRefusedAndClosed(String request) throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String answer = exchange(server.port(), request);
            assertThat(answer).startsWith("HTTP/1.1 400");
            // Read to the end above: the server closed the connection instead of reading a second request.
            assertThat(answer).doesNotContain("HTTP/1.1 200");
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    /**
     * Jetty remembers the header lines of a connection and, by default, matches a later one against them ignoring
     * case: a second request on the connection whose token differed from the first only in case was seen with the
     * first one's token. A token, a cookie and a signature are case-sensitive, so the match must be too.
     */
    @Test
    void aHeaderValueDifferingOnlyInCaseFromAnEarlierOneOnTheConnectionIsReadAsSent() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                String me = "GET /api/session/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n";
                for (int i = 0; i < 2; i++) { // twice: the cache holds a line once it has been seen
                    out.write(me.formatted("token-of-ada").getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 200").contains("\"user\":\"ada\"");
                }
                out.write(me.formatted("token-of-ADA").getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 401");
            }
        });
    }

    /**
     * Two {@code Authorization} headers: a proxy in front may check one and the app would have used the other
     * (the first), so a request with two is refused rather than read either way.
     */
    @Test
    void twoAuthorizationHeadersAreRefusedAndNeitherIsUsed() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String answer = exchange(server.port(), "GET /api/session/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token-of-ada\r\n"
                    + "Authorization: Bearer token-of-root\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json", "one Authorization header")
                    .doesNotContain("\"user\"");
            String keyed = exchange(server.port(), "POST /api/bearer/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token-of-ada\r\n"
                    + "Authorization: Bearer token-of-root\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Idempotency-Key: k1\r\nConnection: close\r\n\r\n{}");
            assertThat(keyed).startsWith("HTTP/1.1 400");
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    /**
     * Request targets that proxies and servers have read differently (encoded slashes, empty and dot segments,
     * path parameters, an absolute URI naming another host, two Host headers) never reach a route: each is a 4xx,
     * so what a proxy in front allowed or denied by path cannot be bypassed here. Kept as a test so a Jetty
     * upgrade that loosens its URI compliance shows.
     */
    @Test
    void ambiguousRequestTargetsNeverReachARoute() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String auth = "Authorization: Bearer token-of-ada\r\nConnection: close\r\n\r\n";
            for (String head : new String[] {
                    "GET /api/session%2Fme HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/session//me HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/session/%6De HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/session/./me HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/x/../session/me HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/session/me;a=b HTTP/1.1\r\nHost: x\r\n",
                    "GET http://evil.example/api/session/me HTTP/1.1\r\nHost: x\r\n",
                    "GET /api/session/me HTTP/1.1\r\nHost: x\r\nHost: y\r\n"}) {
                String answer = exchange(server.port(), head + auth);
                assertThat(answer).as(head).matches("(?s)HTTP/1\\.1 4\\d\\d .*").doesNotContain("\"user\"");
            }
            assertThat(exchange(server.port(), "GET /api/session/me HTTP/1.1\r\nHost: x\r\n" + auth))
                    .as("the plain target does reach it").startsWith("HTTP/1.1 200").contains("\"user\":\"ada\"");
        });
    }

    @Test
    void contentLengthTogetherWithChunkedIsRefused() throws Exception {
        assertRefusedAndClosed("POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void twoDifferentContentLengthsAreRefused() throws Exception {
        assertRefusedAndClosed("POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
    }

    @Test
    void aTransferEncodingOtherThanChunkedLastIsRefused() throws Exception {
        assertRefusedAndClosed("POST /api/raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, something\r\n\r\n0\r\n\r\n");
    }

    @Test
    void obsFoldedHeadersAreRefused() throws Exception {
        assertRefusedAndClosed("GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n two\r\n\r\n");
    }

    @Test
    void aRequestTargetOver8KiBIsRefused() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String answer = exchange(server.port(), "GET /items/1?q=" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 414").contains("application/problem+json");
        });
    }

    @Test
    void aMultipartPartHeaderOver1KiBIsRefused() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nX-Long: " + "x".repeat(1_100)
                    + "\r\n\r\ndata\r\n--b--\r\n";
            var response = client.send("POST", "/api/upload", body, "multipart/form-data; boundary=b");
            assertThat(response.status()).isIn(400, 413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        });
    }
}
