package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.UploadedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;

/**
 * A {@code multipart/form-data} body as Jetty parsed it under Arbor's limits: its text fields and its files, which
 * stay on disk until {@link #cleanUp()} deletes them (safe to call more than once, and after a failed read).
 */
final class MultipartForm {
    /** Larger text fields, and every file, go to disk. */
    private static final int MAX_TEXT_PART = 64 * 1024;

    private MultiPartFormData.Parts parts;
    private final Path uploadDirectory;
    private final List<Path> smallFiles = new ArrayList<>(0);
    private Map<String, List<String>> fields;
    private List<UploadedFile> files;

    MultipartForm(MultiPartFormData.Parts parts, Path uploadDirectory) {
        this.parts = parts;
        this.uploadDirectory = uploadDirectory;
    }

    /** Jetty's multipart settings for Arbor's limits; its own method so the fuzz tests parse exactly as requests do. */
    static MultiPartConfig uploadConfig(Limits limits, long maxUploadSize, Path uploadDirectory) {
        return new MultiPartConfig.Builder()
                .location(uploadDirectory)
                .maxParts(limits.maxUploadParts())
                .maxPartSize(Math.min(limits.maxUploadFileSize(), maxUploadSize))
                .maxSize(maxUploadSize)
                .maxMemoryPartSize(MAX_TEXT_PART)
                .maxHeadersSize(1024)
                .useFilesForPartsWithoutFileName(false)
                .build();
    }

    /** The client's error in a body Jetty could not parse: 413 over a limit, else 400. */
    static HttpError multipartError(Throwable e, Limits limits, long maxUploadSize) {
        // Jetty's own HttpException if there is one, else the root cause.
        Throwable found = Causes.find(e, c -> c instanceof org.eclipse.jetty.http.HttpException || c.getCause() == null);
        Throwable cause = found != null ? found : e;
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (cause instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413 || message.contains("max ")
                || message.contains("exceeded") || message.contains("too many")) {
            return new HttpError(413, "Upload over a limit: at most %d parts, %d bytes per file, %d bytes in all"
                    .formatted(limits.maxUploadParts(), Math.min(limits.maxUploadFileSize(), maxUploadSize), maxUploadSize));
        }
        return HttpError.badRequest("Malformed multipart body");
    }

    /** A text field's value; bytes that are not UTF-8 are the client's error, not a 500 (found by fuzzing). */
    static String text(MultiPart.Part part) {
        try {
            return part.getContentAsString(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Malformed multipart body: a text field is not UTF-8");
        }
    }

    /** Reads the fields and files out of the parts; 413 when the text fields together exceed {@code maxTextBytes}. */
    void read(long maxTextBytes) {
        Map<String, List<String>> read = new LinkedHashMap<>();
        List<UploadedFile> uploaded = new ArrayList<>();
        long textBytes = 0;
        for (MultiPart.Part part : parts) {
            if (part.getFileName() == null) {
                String value = text(part);
                textBytes += utf8Length(value);
                if (textBytes > maxTextBytes) {
                    throw RequestBody.tooLarge(maxTextBytes);
                }
                read.computeIfAbsent(part.getName(), k -> new ArrayList<>(1)).add(value);
            } else {
                String type = part.getHeaders().get(HttpHeader.CONTENT_TYPE);
                uploaded.add(new UploadedFile(part.getName(), part.getFileName(), type, part.getLength(), onDisk(part)));
            }
        }
        fields = read;
        files = List.copyOf(uploaded);
    }

    /** How many bytes {@code text} takes in UTF-8, as the client sent it (a limit in bytes counts bytes), without encoding it. */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800) {
                // Three bytes; a surrogate pair is two chars for four bytes, so two each.
                bytes += Character.isSurrogate(c) ? 1 : 2;
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    Map<String, List<String>> fields() {
        return fields;
    }

    List<UploadedFile> files() {
        return files;
    }

    /** The part's file; a small file Jetty kept in memory is written out, so every upload reads the same way. */
    private Path onDisk(MultiPart.Part part) {
        if (part instanceof MultiPart.PathPart pathPart) {
            return pathPart.getPath();
        }
        try {
            Path file = Files.createTempFile(uploadDirectory, "upload-", ".tmp");
            smallFiles.add(file);
            part.writeTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not store an uploaded file", e);
        }
    }

    /** Deletes the temporary files of the body; safe to call more than once. */
    void cleanUp() {
        if (parts != null) {
            parts.close();
            parts = null;
        }
        for (Path file : smallFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The directory is a temporary one; a file left behind is removed with it.
            }
        }
        smallFiles.clear();
    }
}
