package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the Jazzer campaigns found, replayed over HTTP: each input once made a parser throw something other than
 * its documented refusal. The fuzz corpora keep the raw inputs; these tests keep the answer a client sees.
 */
class FuzzFindingsTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aMultipartTextFieldThatIsNotUtf8Answers400NotA500() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(new byte[] {(byte) 0xC3, 0x28});
            body.writeBytes("\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII));
            TestResponse response = client.send("POST", "/api/form", HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                    "Content-Type", "multipart/form-data; boundary=x");
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.json().get("detail").asText()).isEqualTo("Malformed multipart body: a text field is not UTF-8");
            assertThat(response.body()).doesNotContain("Exception", "jetty");
        });
    }
}
