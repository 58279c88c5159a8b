package dev.arbor.internal.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.arbor.internal.state.SharedState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The page cache and the data cache of one server, and their invalidation. Pages declared with
 * {@code @Page(revalidate = N)} are stored rendered (with placeholders for the per-response nonce and
 * per-session token); data entries come from {@code request.cache(key, tags, loader)}. A page remembers the
 * tags of the data it read, so {@code revalidateTag} drops both. Every invalidation bumps a generation: a
 * render that started before it is not stored, so an invalidation is never undone by a slow render.
 *
 * <p>Nothing a client sends can grow the cache without bound: a page is keyed by its path and the query
 * parameters it declares ({@code @Page(query = …)}), never by the rest of the query string; pages are bounded
 * by bytes and data entries by count, and both expire when unread and when old, so an entry nobody revalidates
 * still goes. Each new value of a declared parameter still renders once; the cache admits it only over an entry
 * read less often (Caffeine's W-TinyLFU), so a flood of one-off values does not push out the pages people read.
 * Entries age on the server's {@link Clock}, so a test that moves the clock ages them as time would; on the
 * system clock they age on {@link System#nanoTime}, which a wall-clock step does not move
 * ({@link dev.arbor.internal.state.MemoryState#tickerFor}).
 *
 * <p>An invalidation runs on every action that revalidates, so it looks only at the entries it drops: page keys
 * are indexed by path and by tag, data keys by tag ({@link KeyIndex}), each key added and removed inside the
 * cache's own atomic step for it, so the index holds what the cache holds.
 *
 * <p>With several instances sharing Redis, each invalidation is also published to the others, which drop the
 * same entries; when an instance may have missed messages (its subscription was lost) it drops everything.
 * Without Redis the store has no other instance to tell, and no message is even built.
 */
public final class PageCache {
    static final String CHANNEL = "arbor:revalidate";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PageCache.class);
    /** Pages unread for this long go, even when two revalidation periods are shorter. */
    private static final Duration MIN_UNREAD = Duration.ofMinutes(1);
    static final int MAX_DATA = 10_000;
    static final Duration DATA_UNREAD = Duration.ofMinutes(10);
    static final Duration DATA_AGE = Duration.ofHours(1);

    /**
     * A rendered page: its path, bytes, when it was rendered (on the cache's ticker), how long it stays fresh,
     * and the tags of the data it read.
     */
    record Page(String path, byte[] body, String contentType, long renderedNanos, long revalidateNanos, Set<String> tags) {}

    private record Data(Object value, Set<String> tags) {}

    private final Cache<String, Page> pages;
    private final Cache<String, Data> data;
    private final KeyIndex pagesByPath = new KeyIndex();
    private final KeyIndex pagesByTag = new KeyIndex();
    private final KeyIndex dataByTag = new KeyIndex();
    private final Ticker ticker;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final SharedState shared;
    private final boolean publishes;
    /** Names this instance's messages, so that it does not apply its own invalidations twice. */
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());

    public PageCache(SharedState shared, long maxBytes, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.shared = shared;
        this.publishes = shared.publishes();
        // The system's monotonic ticker for the system clock, so that a wall clock stepped back does not keep
        // pages fresh longer; a configured clock (a test's) is followed to the millisecond.
        this.ticker = dev.arbor.internal.state.MemoryState.tickerFor(clock);
        // Upkeep runs on the thread that wrote, a handler's virtual thread: no pool thread to share, and the
        // bound holds as soon as a write returns. A key weighs two bytes a character, what a string of any
        // characters takes in memory, so a path of non-Latin characters cannot weigh half what it costs.
        // Caffeine tells its evictions (for room, or expired) inside its atomic step for the key, so the index
        // loses the key in the same step; every other removal is a compute of this class's own.
        this.pages = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Page page) -> page.body().length + 2 * key.length())
                .expireAfter(new PageExpiry())
                .ticker(ticker)
                .executor(Runnable::run)
                .evictionListener((String key, Page page, RemovalCause cause) -> unindex(key, page))
                .build();
        this.data = Caffeine.newBuilder()
                .maximumSize(MAX_DATA)
                .expireAfterAccess(DATA_UNREAD)
                .expireAfterWrite(DATA_AGE)
                .ticker(ticker)
                .executor(Runnable::run)
                .evictionListener((String key, Data entry, RemovalCause cause) -> unindex(key, entry))
                .build();
        shared.subscribe(CHANNEL, this::onMessage, this::clear);
    }

    /**
     * The key of a cached page: its path and, sorted by name, the declared parameters the request carries, each
     * value as given. Other parameters do not make a new entry; the render cannot read them either.
     */
    static String key(String path, List<String> declared, dev.arbor.Request request) {
        StringBuilder key = new StringBuilder(path);
        char separator = '?';
        for (String name : declared) {
            for (String value : request.queryAll(name)) {
                key.append(separator).append(encode(name)).append('=').append(encode(value));
                separator = '&';
            }
        }
        return key.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Now, on the clock the cache expires entries by; a page's age is measured on it. */
    long now() {
        return ticker.read();
    }

    long generation() {
        return generation.get();
    }

    Page page(String key) {
        return pages.getIfPresent(key);
    }

    /** Stores a render unless something was invalidated since it began. */
    void store(String key, Page page, long startedGeneration) {
        if (generation.get() == startedGeneration) {
            pages.asMap().compute(key, (k, old) -> {
                if (old != null) {
                    unindex(k, old);
                }
                pagesByPath.add(page.path(), k);
                for (String tag : page.tags()) {
                    pagesByTag.add(tag, k);
                }
                return page;
            });
        }
    }

    private void unindex(String key, Page page) {
        pagesByPath.remove(page.path(), key);
        for (String tag : page.tags()) {
            pagesByTag.remove(tag, key);
        }
    }

    private void unindex(String key, Data entry) {
        for (String tag : entry.tags()) {
            dataByTag.remove(tag, key);
        }
    }

    /** Claims the background refresh of a stale page; false if one is already running. */
    boolean claimRefresh(String key) {
        return refreshing.add(key);
    }

    void refreshed(String key) {
        refreshing.remove(key);
    }

    @SuppressWarnings("unchecked")
    <T> T data(String key, List<String> tags, Supplier<T> loader, Set<String> readTags) {
        readTags.addAll(tags);
        Data entry = data.getIfPresent(key);
        if (entry != null) {
            return (T) entry.value();
        }
        // Loaded outside the cache's lock: a slow loader must not hold up other keys, and two first readers
        // loading the same key at once is the lesser cost.
        long started = generation.get();
        T value = loader.get();
        if (generation.get() == started) {
            Data fresh = new Data(value, new HashSet<>(tags));
            data.asMap().compute(key, (k, old) -> {
                if (old != null) {
                    unindex(k, old);
                }
                for (String tag : fresh.tags()) {
                    dataByTag.add(tag, k);
                }
                return fresh;
            });
        }
        return value;
    }

    /** How many pages are kept, once expired and evicted ones are gone. */
    long pageCount() {
        pages.cleanUp();
        return pages.estimatedSize();
    }

    /** The bytes the kept pages weigh. */
    long pageBytes() {
        pages.cleanUp();
        return pages.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    long dataCount() {
        data.cleanUp();
        return data.estimatedSize();
    }

    /** The keys the path and tag indexes hold, once expired and evicted entries are gone: for tests. */
    long indexedKeys() {
        pages.cleanUp();
        data.cleanUp();
        return pagesByPath.size() + pagesByTag.size() + dataByTag.size();
    }

    void revalidatePath(String path) {
        dropPath(path);
        if (publishes) {
            publish("path", path);
        }
    }

    void revalidateTag(String tag) {
        dropTag(tag);
        if (publishes) {
            publish("tag", tag);
        }
    }

    private void dropPath(String path) {
        generation.incrementAndGet();
        Set<String> keys = pagesByPath.take(path);
        if (keys != null) { // the lambdas are made only when there is something to drop
            drop(pages, keys, page -> page.path().equals(path), this::unindex);
        }
    }

    private void dropTag(String tag) {
        generation.incrementAndGet();
        Set<String> dataKeys = dataByTag.take(tag);
        if (dataKeys != null) {
            drop(data, dataKeys, entry -> entry.tags().contains(tag), this::unindex);
        }
        Set<String> pageKeys = pagesByTag.take(tag);
        if (pageKeys != null) {
            drop(pages, pageKeys, page -> page.tags().contains(tag), this::unindex);
        }
    }

    /** Drops every page and data entry; rare (a lost subscription), so one by one, each leaving the index too. */
    void clear() {
        generation.incrementAndGet();
        drop(pages, pages.asMap().keySet(), page -> true, this::unindex);
        drop(data, data.asMap().keySet(), entry -> true, this::unindex);
    }

    /** Drops each of {@code keys} whose entry still matches: it may have been replaced since it was indexed. */
    private static <V> void drop(Cache<String, V> cache, Set<String> keys, Predicate<V> matches, BiConsumer<String, V> unindex) {
        for (String key : keys) {
            cache.asMap().computeIfPresent(key, (k, entry) -> {
                if (!matches.test(entry)) {
                    return entry;
                }
                unindex.accept(k, entry);
                return null;
            });
        }
    }

    /**
     * Tells the other instances. The change that asked for it has happened, so a failure here must not fail the
     * request: it is logged, and the others' pages are stale until their own revalidation period (or until
     * their subscription, which fails with the same outage, comes back and drops everything). Called only when
     * the store {@link SharedState#publishes publishes}, so that without Redis no message is built.
     */
    private void publish(String kind, String value) {
        try {
            shared.publish(CHANNEL, instance + " " + kind + " " + value);
        } catch (RuntimeException e) {
            LOG.warn("could not tell the other instances to revalidate {} {}: {}", kind, value, e.getMessage());
        }
    }

    /** An invalidation published by an instance: {@code <instance> path|tag <value>}. */
    void onMessage(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length != 3 || parts[0].equals(instance)) {
            return;
        }
        switch (parts[1]) {
            case "path" -> dropPath(parts[2]);
            case "tag" -> dropTag(parts[2]);
            default -> LOG.debug("ignored a revalidation message of kind {}", parts[1]);
        }
    }

    /**
     * A page goes when unread for two revalidation periods (at least a minute), or at ten periods old: a page
     * asked for once is not kept for long, and one whose background renders keep failing is not served stale
     * for ever. A new render starts its time again.
     */
    private static final class PageExpiry implements Expiry<String, Page> {
        @Override
        public long expireAfterCreate(String key, Page page, long now) {
            return Math.min(unread(page), 10 * page.revalidateNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Page page, long now, long remaining) {
            return expireAfterCreate(key, page, now);
        }

        @Override
        public long expireAfterRead(String key, Page page, long now, long remaining) {
            return Math.max(0, Math.min(unread(page), 10 * page.revalidateNanos() - (now - page.renderedNanos())));
        }

        private static long unread(Page page) {
            return Math.max(2 * page.revalidateNanos(), MIN_UNREAD.toNanos());
        }
    }
}
