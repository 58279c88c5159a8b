package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body limit past what one array holds (2^31 bytes): the declared length is refused or read, never a 500. */
class HugeBodyLimitTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aDeclaredLengthPast2GiBUnderA4GiBLimitIs413NotA500() throws Exception {
        Limits limits = Limits.defaults().withMaxBodySize(4L << 30);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 3000000000\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String answer = RawHttp.readResponse(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 413");
            }
            // Bodies that fit are read as before under that limit.
            assertThat(client.postJson("/api/raw", "x".repeat(100_000)).json().get("length").asInt()).isEqualTo(100_000);
        });
    }
}
