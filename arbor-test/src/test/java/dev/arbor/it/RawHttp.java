package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading answers off a raw socket, for the tests that must send what a well-behaved client cannot. */
final class RawHttp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private RawHttp() {}

    /** Everything until the server closes the connection; a reset ends it as well as a close. */
    static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            in.transferTo(read);
        } catch (SocketException reset) {
            // The answer read before the reset is kept.
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** One response with a Content-Length body, leaving a kept-alive connection open for the next. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed before the end of the response head: " + head).isNotNegative();
            head.append((char) b);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code total} bytes of {@code c}, {@code chunk} at a time, each after a pause of {@code every}: a slow
     * client. Returns when all are sent or the server has closed the connection.
     */
    static void trickle(OutputStream out, char c, long total, int chunk, Duration every) throws InterruptedException {
        try {
            for (long sent = 0; sent < total; sent += chunk) {
                // Real time: the server's header and body deadlines run on Jetty's scheduler and System.nanoTime,
                // which a test clock does not move, and what is under test is how the server meets a slow client.
                Thread.sleep(every.toMillis());
                out.write(String.valueOf(c).repeat((int) Math.min(chunk, total - sent)).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException closed) {
            // The server closed the connection.
        }
    }
}
