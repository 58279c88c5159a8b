package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.Multipart;
import org.junit.jupiter.api.Test;

/** The text fields of a multipart form count against the body limit in bytes, as sent, not in characters. */
class MultipartTextLimitTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void multiByteTextOverTheByteLimitIs413ThoughItsCharactersFit() throws Exception {
        Limits limits = Limits.defaults().withMaxBodySize(1_000);
        ArborTest.run(TestApp.builder(fixtures).limits(limits), (server, client) -> {
            var ascii = client.postMultipart("/api/form", new Multipart().field("text", "e".repeat(600)));
            assertThat(ascii.status()).as("600 bytes").isEqualTo(200);
            var accented = client.postMultipart("/api/form", new Multipart().field("text", "é".repeat(600)));
            assertThat(accented.status()).as("600 characters, 1,200 bytes").isEqualTo(413);
            var split = client.postMultipart("/api/form", new Multipart().field("a", "€".repeat(200)).field("b", "😀".repeat(110)));
            assertThat(split.status()).as("600 + 440 bytes in two fields").isEqualTo(413);
            var fits = client.postMultipart("/api/form", new Multipart().field("a", "€".repeat(200)).field("b", "😀".repeat(99)));
            assertThat(fits.status()).as("600 + 396 bytes in two fields").isEqualTo(200);
        });
    }
}
