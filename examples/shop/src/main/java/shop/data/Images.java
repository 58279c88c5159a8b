package shop.data;

import dev.arbor.UploadedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stores uploaded images under the data directory. The type is decided by the file's first bytes, never by
 * the name or the Content-Type the client sent, and the stored name is random, so a client chooses nothing
 * about where or what is written.
 */
public final class Images {
    /** An accepted image format: its magic number, extension and content type. */
    public enum Format {
        PNG(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, "png", "image/png"),
        JPEG(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "jpg", "image/jpeg"),
        GIF(new byte[] {'G', 'I', 'F', '8'}, "gif", "image/gif"),
        WEBP(new byte[] {'R', 'I', 'F', 'F'}, "webp", "image/webp");

        final byte[] magic;
        public final String extension;
        public final String contentType;

        Format(byte[] magic, String extension, String contentType) {
            this.magic = magic;
            this.extension = extension;
            this.contentType = contentType;
        }
    }

    /** A stored image. */
    public record Stored(String name, String url, String contentType, long size) {}

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.(png|jpg|gif|webp)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    public Images(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the image directory " + directory, e);
        }
    }

    /** The image's format by its content, or empty if it is not an accepted image. */
    public static Optional<Format> sniff(UploadedFile file) {
        for (Format format : Format.values()) {
            if (file.startsWith(format.magic) && (format != Format.WEBP || isWebp(file))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    private static boolean isWebp(UploadedFile file) {
        try (var in = file.open()) {
            byte[] head = in.readNBytes(12);
            return head.length == 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P';
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies an upload of a known format under a fresh random name. */
    public Stored store(UploadedFile file, Format format) throws IOException {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String name = HexFormat.of().formatHex(id) + "." + format.extension;
        file.copyTo(directory.resolve(name));
        return new Stored(name, "/uploads/" + name, format.contentType, file.size());
    }

    /** The stored file for a name the shop handed out, or empty for anything else. */
    public Optional<Path> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Deletes a stored image; false if there was none (or the name is not one the shop hands out). */
    public boolean delete(String name) throws IOException {
        return NAME.matcher(name).matches() && Files.deleteIfExists(directory.resolve(name));
    }

    /** When a stored image was written, or empty if there is none. */
    public Optional<Instant> written(String name) throws IOException {
        Optional<Path> file = find(name);
        return file.isPresent() ? Optional.of(Files.getLastModifiedTime(file.get()).toInstant()) : Optional.empty();
    }

    /** The names of the stored images written before {@code cutoff}. */
    public List<String> writtenBefore(Instant cutoff) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
                    .filter(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
    }

    public static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        for (Format format : Format.values()) {
            if (format.extension.equals(extension)) {
                return format.contentType;
            }
        }
        return "application/octet-stream";
    }
}
