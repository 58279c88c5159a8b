package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.Multipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

    @TempDir
    Path uploads;

    private void run(ArborTest.Body body) throws Exception {
        Limits limits = Limits.defaults().withMaxUploadFileSize(1024 * 1024).withMaxUploadParts(3);
        ArborTest.run(TestApp.builder(new Fixtures()).limits(limits).uploadDirectory(uploads), body);
    }

    private long filesLeft() throws Exception {
        try (Stream<Path> files = Files.list(uploads)) {
            return files.count();
        }
    }

    @Test
    void aFileIsStreamedToDiskAndDeletedAfterTheRequest() throws Exception {
        run((server, client) -> {
            var response = client.postMultipart("/api/upload",
                    new Multipart().field("title", "Logo").file("file", "logo.png", "image/png", PNG));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("name").asText()).isEqualTo("logo.png");
            assertThat(response.json().get("size").asLong()).isEqualTo(PNG.length);
            assertThat(response.json().get("title").asText()).isEqualTo("Logo");
            assertThat(response.json().get("png").asBoolean()).isTrue();
            assertThat(response.json().get("tempExists").asBoolean()).isTrue();
            assertThat(filesLeft()).isZero();
        });
    }

    @Test
    void aFileOverThePerFileLimitAnswers413AndLeavesNoFile() throws Exception {
        run((server, client) -> {
            var response = client.postMultipart("/api/upload",
                    new Multipart().file("file", "big.bin", "application/octet-stream", new byte[3 * 1024 * 1024]));
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(filesLeft()).isZero();
        });
    }

    @Test
    void morePartsThanAllowedAnswer413() throws Exception {
        run((server, client) -> {
            Multipart body = new Multipart();
            for (int i = 0; i < 4; i++) {
                body.file("file", "f" + i + ".png", "image/png", PNG);
            }
            assertThat(client.postMultipart("/api/upload", body).status()).isEqualTo(413);
            assertThat(filesLeft()).isZero();
        });
    }

    @Test
    void aMalformedMultipartBodyAnswers400() throws Exception {
        run((server, client) -> {
            var response = client.send("POST", "/api/upload", "--x\r\nno headers end", "multipart/form-data; boundary=x");
            assertThat(response.status()).isBetween(400, 413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        });
    }
}
