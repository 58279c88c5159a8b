package dev.arbor.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The Redis server the tests share ({@code -Darbor.test.redis}, default the local one), and raw commands to it. */
final class LocalRedis {
    static final String URL = System.getProperty("arbor.test.redis", "redis://127.0.0.1:6379/0");

    private LocalRedis() {}

    /**
     * Sends one inline command (such as {@code CLIENT PAUSE 4000 ALL}) outside the framework's own client, so a
     * test can disturb Redis the way an operator or an outage would; answers the reply's first simple line
     * ({@code +OK}, {@code :3} or {@code -ERR …}).
     */
    static String command(String inline) throws Exception {
        URI address = URI.create(URL);
        try (Socket socket = new Socket(address.getHost(), address.getPort() < 0 ? 6379 : address.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.append((char) b);
                if (b == '\n') {
                    if ("+-:".indexOf(line.charAt(0)) >= 0) {
                        return line.toString().strip();
                    }
                    line.setLength(0); // an aggregate's header line: the simple one follows
                }
            }
            throw new IllegalStateException("Redis closed the connection without replying to " + inline);
        }
    }
}
