package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.internal.action.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;

/**
 * Fuzz targets for what a request carries besides its body fields: a multipart body parsed with exactly the
 * settings {@link MultipartForm} gives Jetty, and the sealed session cookie. Corpora live under
 * {@code src/test/resources/dev/arbor/internal/http/HttpFuzzTestInputs/}; see {@code docs/security.md} for a campaign.
 */
class HttpFuzzTest {
    /** Small size limits, so that the fuzzer reaches them with small inputs; the part count is the default 10. */
    private static final Limits LIMITS = Limits.defaults().withMaxUploadFileSize(512).withMaxUploadSize(2048);
    private static final Path UPLOADS = uploads();
    private static final Keys KEYS = dev.arbor.internal.action.TestKeys.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration LIFETIME = Duration.ofDays(7);

    private static Path uploads() {
        try {
            Path directory = Files.createTempDirectory("arbor-fuzz-uploads");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first line of the input is the {@code Content-Type} header, the rest the body. Either the body parses
     * within every limit, or the failure maps to 400 or 413; and no temporary file outlives the request.
     */
    @FuzzTest
    void multipart(byte[] input) throws IOException {
        int newline = indexOf(input, (byte) '\n');
        String contentType = new String(input, 0, newline, StandardCharsets.ISO_8859_1);
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        long maxUpload = LIMITS.maxUploadSize();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(Content.Source.from(ByteBuffer.wrap(body)), new Attributes.Mapped(), contentType,
                    MultipartForm.uploadConfig(LIMITS, maxUpload, UPLOADS));
        } catch (Throwable e) {
            HttpError refused = MultipartForm.multipartError(e, LIMITS, maxUpload);
            assertThat(refused.status()).isIn(400, 413);
            assertNoFilesLeft();
            return;
        }
        try {
            assertThat(parts.size()).isLessThanOrEqualTo(LIMITS.maxUploadParts());
            long total = 0;
            for (MultiPart.Part part : parts) {
                assertThat(part.getLength()).isLessThanOrEqualTo(LIMITS.maxUploadFileSize());
                total += part.getLength();
                if (part.getFileName() == null) {
                    try {
                        // Accepted text is the part's bytes exactly: valid UTF-8 encodes back to as many bytes, where a
                        // lenient decode that put U+FFFD in place of a bad byte would not.
                        assertThat((long) MultipartForm.text(part).getBytes(StandardCharsets.UTF_8).length).isEqualTo(part.getLength());
                    } catch (HttpError refused) {
                        assertThat(refused.status()).isEqualTo(400);
                    }
                } else {
                    Path copy = Files.createTempFile(UPLOADS, "upload-", ".tmp");
                    part.writeTo(copy);
                    assertThat(Files.size(copy)).isEqualTo(part.getLength());
                    Files.delete(copy);
                }
            }
            assertThat(total).isLessThanOrEqualTo(maxUpload);
        } finally {
            parts.close();
        }
        assertNoFilesLeft();
    }

    /** A cookie value the app did not seal is no session: a fresh empty one, never an exception. */
    @FuzzTest
    void sessionCookie(byte[] input) {
        String cookie = new String(input, StandardCharsets.ISO_8859_1);
        CookieSession session = CookieSession.load(cookie, KEYS, LIFETIME, CLOCK);
        assertThat(session.identity()).isNull();
        assertThat(session.id()).hasSize(22);
        // The same bytes sealed with the app's key (a cookie from an older format, say) must not break loading either.
        CookieSession sealed = CookieSession.load(KEYS.seal("arbor/session", input), KEYS, LIFETIME, CLOCK);
        // Whatever it holds, it was sealed by this app: reading it must not throw (that is the check).
        assertThat(sealed.id()).isNotNull();
        sealed.identity();
    }

    /**
     * A flash cookie the app did not seal says nothing; one it sealed says its message to its own visitor only. The
     * real one is sealed under another key ring, so the fuzzer cannot learn it from this target's comparisons.
     */
    @FuzzTest
    void flashCookie(byte[] input) {
        String anchor = "AAAAAAAAAAAAAAAAAAAAAA";
        assertThat(Flash.read(KEYS, anchor, new String(input, StandardCharsets.ISO_8859_1))).isNull();
        String text = new String(input, StandardCharsets.UTF_8);
        String sealed = Flash.cookie(ROUNDTRIP, anchor, new Flash.Message("", text)).value();
        assertThat(Flash.read(ROUNDTRIP, anchor, sealed)).isEqualTo(new Flash.Message("", text));
        assertThat(Flash.read(ROUNDTRIP, "BBBBBBBBBBBBBBBBBBBBBB", sealed)).isNull();
    }

    private static final Keys ROUNDTRIP = dev.arbor.internal.action.TestKeys.of("round trips only, 32 bytes or more".getBytes(StandardCharsets.US_ASCII));

    private static void assertNoFilesLeft() throws IOException {
        try (Stream<Path> left = Files.list(UPLOADS)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }
}
