package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A body refused before it was read (413 from Content-Length, 403, 401): a moderate one is swallowed so that the
 * client, still sending, reads the answer instead of a connection reset, and the connection stays usable.
 */
class RefusedBodyTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aModeratelyOversizedBodyIsSwallowedAndTheConnectionKeptForTheNextRequest() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                byte[] body = new byte[3 * 1024 * 1024];
                out.write(("POST /api/tiny HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body); // a reset here or on reading is the bug: the server closed while we were sending
                out.write("GET /items/1 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answers = readUntil(socket.getInputStream(), "\"virtual\"");
                assertThat(answers).startsWith("HTTP/1.1 413 ");
                assertThat(answers).doesNotContainIgnoringCase("Connection: close");
                assertThat(answers).contains("HTTP/1.1 200 ");
            }
        });
    }

    @Test
    void aBodyOverTheSwallowLimitIsRefusedAndTheConnectionClosed() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/tiny HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + (64L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = readUntil(socket.getInputStream(), null);
                assertThat(answer).startsWith("HTTP/1.1 413 ");
                assertThat(answer).containsIgnoringCase("Connection: close");
            }
        });
    }

    /** Reads until {@code marker} appears, or to the end of the stream when it is null. */
    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            seen.write(buffer, 0, n);
            if (marker != null && seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
                break;
            }
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
