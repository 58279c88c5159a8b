package dev.arbor.internal.state;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One command to the local Redis (127.0.0.1:6379) outside the client under test, on a connection of its own, as an
 * operator or another program would send it: to look at what the client stored, or to disturb it.
 */
final class RawRedis {
    private RawRedis() {}

    /** The reply's first line ({@code +OK}, {@code :1}, {@code -ERR …}), or a bulk reply's text (null for none). */
    static String command(String... words) throws IOException {
        return in(0, words);
    }

    /** {@link #command} on database {@code database}. */
    static String in(int database, String... words) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (database != 0) {
                out.write(encode("SELECT", Integer.toString(database)));
                line(in);
            }
            out.write(encode(words));
            String first = line(in);
            if (!first.startsWith("$")) {
                return first;
            }
            int length = Integer.parseInt(first.substring(1));
            return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    private static byte[] encode(String... words) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(("*" + words.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
