package dev.arbor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file from a multipart body, streamed to a temporary file as it arrived (never held in memory).
 * The temporary file is deleted when the request ends; {@link #copyTo(Path)} keeps it.
 *
 * @param field the form field name
 * @param fileName the name the client gave; untrusted, never use it as a path
 * @param contentType the type the client claimed; untrusted, sniff the bytes with {@link #startsWith(byte[])}
 * @param size the size in bytes
 * @param path the temporary file
 */
public record UploadedFile(String field, String fileName, String contentType, long size, Path path) {
    /** Opens the file's bytes for reading. */
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    /** Whether the file begins with these bytes (a "magic number"). */
    public boolean startsWith(byte[] prefix) {
        try (InputStream in = open()) {
            byte[] head = in.readNBytes(prefix.length);
            return java.util.Arrays.equals(head, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the file to {@code target}, replacing it, and returns {@code target}. */
    public Path copyTo(Path target) throws IOException {
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
