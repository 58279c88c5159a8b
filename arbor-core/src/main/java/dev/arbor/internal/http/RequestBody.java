package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.UploadedFile;
import dev.arbor.internal.bind.FormDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The body of one request, read on first use and kept: raw bytes, a urlencoded form, or a multipart form and its
 * files. Every read is size-limited: a declared {@code Content-Length} over the limit is refused before anything
 * is read, and a body sent in chunks is counted as it arrives. A small body is read into an array of the length it
 * declared; a larger one, or one of unknown length, into one grown as its bytes arrive, never into a buffer the size
 * of the limit nor the size a client only declared.
 */
final class RequestBody {
    /** Where an array for a body of unknown length starts; each doubling past it costs a copy. */
    private static final int FIRST_CHUNKED = 1024;
    /** The largest declared length read into one array of exactly that length before any byte arrives. */
    static final int EXACT_UP_TO = 64 * 1024;
    /** The longest array the JVM makes. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Request jetty;
    private final Limits limits;
    private final long maxBodySize;
    private final long maxUploadSize;
    private final Path uploadDirectory;
    private String contentType;
    private boolean contentTypeRead;
    private byte[] bytes;
    private Map<String, List<String>> form;
    private List<UploadedFile> files;
    private MultipartForm multipart;

    RequestBody(Request jetty, Limits limits, long maxBodySize, long maxUploadSize, Path uploadDirectory) {
        this.jetty = jetty;
        this.limits = limits;
        this.maxBodySize = maxBodySize;
        this.maxUploadSize = maxUploadSize;
        this.uploadDirectory = uploadDirectory;
    }

    /** The {@code Content-Type} without parameters, lower case, or null. */
    String contentType() {
        if (!contentTypeRead) {
            String value = jetty.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (value != null) {
                int semicolon = value.indexOf(';');
                contentType = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            }
            contentTypeRead = true;
        }
        return contentType;
    }

    boolean isMultipart() {
        return "multipart/form-data".equals(contentType());
    }

    /** The body as sent; 413 over the limit, 415 for a multipart body (read as a form). */
    byte[] bytes() {
        if (bytes == null) {
            if (isMultipart()) {
                throw new HttpError(415, "A multipart body is read with form() and files(), not as raw bytes");
            }
            bytes = read();
        }
        return bytes;
    }

    Map<String, List<String>> form() {
        if (form == null) {
            if (isMultipart()) {
                parseMultipart();
            } else if ("application/x-www-form-urlencoded".equals(contentType())) {
                form = FormDecoder.decode(bytes(), limits.maxFormFields());
            } else {
                form = Map.of();
            }
        }
        return form;
    }

    List<UploadedFile> files() {
        if (files == null) {
            if (isMultipart()) {
                parseMultipart();
            } else {
                files = List.of();
            }
        }
        return files;
    }

    private byte[] read() {
        long declared = jetty.getLength();
        if (declared > Math.min(maxBodySize, MAX_ARRAY - 1)) {
            // Before the body is opened: closing it would fail the body, and the dispatcher swallows it instead.
            throw tooLarge(Math.min(maxBodySize, MAX_ARRAY - 1));
        }
        try (InputStream in = Content.Source.asInputStream(jetty)) {
            return read(in, declared, maxBodySize);
        } catch (IOException e) {
            throw BodyDeadline.causedBy(e) ? tooSlow() : HttpError.badRequest("The request body could not be read");
        }
    }

    /**
     * The body from {@code in}: refused (413) past {@code maxBodySize} or past what one array holds, whether declared
     * or counted as it arrives. A body that declared at most {@link #EXACT_UP_TO} bytes is read into one array of
     * that length; a larger one into an array that starts there and doubles as bytes arrive, up to the declared
     * length, so that a client that only declares a length pins no more than that.
     */
    static byte[] read(InputStream in, long declared, long maxBodySize) throws IOException {
        // One under the longest array: a body of unknown length is read one byte past the limit to see it is past.
        long limit = Math.min(maxBodySize, MAX_ARRAY - 1);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        if (declared < 0) {
            return readGrowing(in, FIRST_CHUNKED, limit + 1, limit);
        }
        if (declared <= EXACT_UP_TO) {
            return readExact(in, (int) declared);
        }
        byte[] body = readGrowing(in, EXACT_UP_TO, declared, limit);
        if (body.length < declared) {
            throw new IOException("the body ended before its Content-Length");
        }
        return body;
    }

    /** Exactly the declared bytes, into one array of that length. */
    private static byte[] readExact(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        if (in.readNBytes(body, 0, length) < length) {
            throw new IOException("the body ended before its Content-Length");
        }
        return body;
    }

    /**
     * Reads into an array of {@code first} bytes that doubles each time it fills, to at most {@code most} bytes;
     * refused once more than {@code limit} bytes arrived. Returns what arrived, in an array of its length.
     */
    private static byte[] readGrowing(InputStream in, int first, long most, long limit) throws IOException {
        byte[] buffer = new byte[(int) Math.min(most, first)];
        int count = 0;
        while (true) {
            if (count == buffer.length) {
                if (count >= most) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(most, 2L * buffer.length));
            }
            int read = in.read(buffer, count, buffer.length - count);
            if (read < 0) {
                break;
            }
            count += read;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }

    private void parseMultipart() {
        if (jetty.getLength() > maxUploadSize) {
            throw new HttpError(413, "Upload larger than " + maxUploadSize + " bytes");
        }
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(jetty, jetty, jetty.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    MultipartForm.uploadConfig(limits, maxUploadSize, uploadDirectory));
        } catch (Throwable e) {
            throw BodyDeadline.causedBy(e) ? tooSlow() : MultipartForm.multipartError(e, limits, maxUploadSize);
        }
        // Kept before its fields are read, so that cleanUp deletes whatever reading them wrote, should it fail.
        multipart = new MultipartForm(parts, uploadDirectory);
        multipart.read(maxBodySize);
        form = multipart.fields();
        files = multipart.files();
    }

    private HttpError tooSlow() {
        return new HttpError(408, "body-too-slow", "The request body arrived too slowly: at least " + limits.minBodyRate()
                + " bytes per second after the first " + limits.bodyReadTimeout().toSeconds() + " s", List.of());
    }

    static HttpError tooLarge(long maxBodySize) {
        return new HttpError(413, "Request body larger than " + maxBodySize + " bytes");
    }

    /** How many body bytes were read (the declared length for multipart bodies). */
    long bytesRead() {
        if (bytes != null) {
            return bytes.length;
        }
        return Math.max(jetty.getLength(), Request.getContentBytesRead(jetty));
    }

    /** Whether a body was sent and nobody read it (the connection then cannot be reused safely). */
    boolean leftUnread() {
        return sent(jetty) && bytes == null && multipart == null && form == null && files == null;
    }

    /** Whether the client sent a body (a length, or chunks to come). */
    static boolean sent(Request jetty) {
        return jetty.getLength() > 0 || jetty.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Reads and discards an unread body of at most {@code max} bytes, and says whether it got to the end. A server
     * that answers early (413) and closes while the client is still sending makes the client's TCP stack see a
     * reset and lose the answer; swallowing a moderate body first lets it read the 413 (Tomcat swallows 2 MiB).
     */
    boolean swallowUnread(long max) {
        if (jetty.getLength() > max) {
            return false;
        }
        byte[] sink = new byte[16 * 1024];
        long left = max;
        try (InputStream in = Content.Source.asInputStream(jetty)) {
            int n;
            while ((n = in.read(sink, 0, (int) Math.min(sink.length, left + 1))) > 0) {
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes the temporary files of a multipart body; safe to call more than once. */
    void cleanUp() {
        if (multipart != null) {
            multipart.cleanUp();
        }
    }
}
