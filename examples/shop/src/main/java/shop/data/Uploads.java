package shop.data;

import dev.arbor.UploadedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images that signed-in users upload: each one recorded with its owner, size and time (table {@code uploads}), a
 * quota per owner, and a sweep that deletes what nobody references once it is older than {@link #KEEP}. Product
 * images, which only administrators set, are stored by {@link Images} directly and count against no quota; a product
 * showing a file is what "referenced" means. Thread-safe.
 */
public final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    /** At most this many files per user. */
    public static final int MAX_FILES = 20;
    /** At most this many bytes per user, all files together. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    /** An upload nothing references is deleted once it is this old. */
    public static final Duration KEEP = Duration.ofDays(30);
    private static final String URL_PREFIX = "/uploads/";

    /** Thrown by {@link #store} when the upload would take its owner over {@link #MAX_FILES} or {@link #MAX_BYTES}. */
    public static final class QuotaExceeded extends RuntimeException {
        public QuotaExceeded() {
            super("You have reached your upload quota (" + MAX_FILES + " files, " + MAX_BYTES / (1024 * 1024)
                    + " MiB); uploads you no longer use are removed after " + KEEP.toDays() + " days", null, false, false);
        }
    }

    private final Jdbi jdbi;
    private final Images images;
    private final Clock clock;

    public Uploads(Jdbi jdbi, Images images, Clock clock) {
        this.jdbi = jdbi;
        this.images = images;
        this.clock = clock;
    }

    /** Stores an upload of a known format for {@code ownerId}; {@link QuotaExceeded} if it does not fit their quota. */
    public Images.Stored store(UploadedFile file, Images.Format format, long ownerId) throws IOException {
        return jdbi.inTransaction(h -> {
            // One owner's uploads take turns here, so two at once cannot both pass the check before either is counted.
            h.createQuery("SELECT id FROM users WHERE id = :id FOR UPDATE").bind("id", ownerId).mapTo(Long.class).one();
            long[] use = h.createQuery("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM uploads WHERE owner_id = :owner")
                    .bind("owner", ownerId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
            if (use[0] + 1 > MAX_FILES || use[1] + file.size() > MAX_BYTES) {
                throw new QuotaExceeded();
            }
            Images.Stored stored = images.store(file, format);
            try {
                h.createUpdate("INSERT INTO uploads (name, owner_id, size_bytes, created_at) VALUES (:name, :owner, :size, :at)")
                        .bind("name", stored.name()).bind("owner", ownerId).bind("size", stored.size())
                        .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).execute();
            } catch (RuntimeException e) {
                images.delete(stored.name());
                throw e;
            }
            return stored;
        });
    }

    /** {@link #sweep(Instant)} now; failures are logged, so that a scheduler calling it keeps calling it. */
    public void sweepQuietly() {
        try {
            int removed = sweep(clock.instant());
            if (removed > 0) {
                LOG.info("removed {} unused uploads", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("the upload sweep failed; it runs again in an hour", e);
        }
    }

    /**
     * Deletes every upload that is older than {@link #KEEP} at {@code now} and that no product shows: its file and
     * its row. Files without a row (stored before uploads were recorded, or a product image since replaced) go by the
     * time they were written. Returns how many uploads went.
     */
    public int sweep(Instant now) {
        Instant cutoff = now.minus(KEEP);
        OffsetDateTime cutoffTime = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        try {
            Set<String> candidates = new TreeSet<>(images.writtenBefore(cutoff));
            candidates.addAll(jdbi.withHandle(h -> h.createQuery("SELECT name FROM uploads WHERE created_at < :cutoff")
                    .bind("cutoff", cutoffTime).mapTo(String.class).list()));
            candidates.removeAll(referenced());
            int removed = 0;
            for (String name : candidates) {
                Optional<OffsetDateTime> recorded = jdbi.withHandle(h -> h.createQuery("SELECT created_at FROM uploads WHERE name = :name")
                        .bind("name", name).mapTo(OffsetDateTime.class).findOne());
                Optional<Instant> written = images.written(name);
                if (recorded.map(t -> t.isBefore(cutoffTime)).orElse(true) && written.map(t -> t.isBefore(cutoff)).orElse(true)) {
                    jdbi.useHandle(h -> h.createUpdate("DELETE FROM uploads WHERE name = :name").bind("name", name).execute());
                    images.delete(name);
                    removed++;
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload directory", e);
        }
    }

    /** The names of the files products show. */
    private Set<String> referenced() {
        List<String> urls = jdbi.withHandle(h -> h.createQuery("SELECT image_url FROM products WHERE image_url LIKE '/uploads/%'")
                .mapTo(String.class).list());
        Set<String> names = new HashSet<>();
        for (String url : urls) {
            names.add(url.substring(URL_PREFIX.length()));
        }
        return names;
    }
}
