package dev.arbor.internal.http;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The page cache and the data cache of one server, and their invalidation. Pages declared with
 * {@code @Page(revalidate = N)} are stored rendered (with placeholders for the per-response nonce and
 * per-session token); data entries come from {@code request.cache(key, tags, loader)}. A page remembers the
 * tags of the data it read, so {@code revalidateTag} drops both. Every invalidation bumps a generation: a
 * render that started before it is not stored, so an invalidation is never undone by a slow render.
 *
 * <p>With several instances sharing Redis, each invalidation is also published to the others, which drop the
 * same entries; when an instance may have missed messages (its subscription was lost) it drops everything.
 * Without Redis the store has no other instance to tell, and publishing costs nothing.
 */
public final class PageCache {
    static final String CHANNEL = "arbor:revalidate";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PageCache.class);
    /** A rendered page: its bytes, when it was rendered, the tags of the data it read. */
    record Page(String path, byte[] body, String contentType, long renderedNanos, Set<String> tags) {}

    private record Data(Object value, Set<String> tags) {}

    /**
     * Bounds on what is kept: keys include the query string, so without a bound anyone could fill memory by
     * asking for a cached page with ever new query strings. Past the bound a render is served, not kept.
     */
    static final int MAX_PAGES = 10_000;
    static final int MAX_DATA = 10_000;

    private final ConcurrentHashMap<String, Page> pages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Data> data = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final dev.arbor.internal.state.SharedState shared;
    /** Names this instance's messages, so that it does not apply its own invalidations twice. */
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());

    public PageCache(dev.arbor.internal.state.SharedState shared) {
        this.shared = shared;
        shared.subscribe(CHANNEL, this::onMessage, this::clear);
    }

    long generation() {
        return generation.get();
    }

    Page page(String key) {
        return pages.get(key);
    }

    /** Stores a render unless something was invalidated since it began. */
    void store(String key, Page page, long startedGeneration) {
        if (generation.get() == startedGeneration && (pages.size() < MAX_PAGES || pages.containsKey(key))) {
            pages.put(key, page);
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
        Data entry = data.get(key);
        if (entry != null) {
            return (T) entry.value();
        }
        long started = generation.get();
        T value = loader.get();
        if (generation.get() == started && data.size() < MAX_DATA) {
            data.put(key, new Data(value, new HashSet<>(tags)));
        }
        return value;
    }

    int pageCount() {
        return pages.size();
    }

    void revalidatePath(String path) {
        dropPath(path);
        publish("path", path);
    }

    void revalidateTag(String tag) {
        dropTag(tag);
        publish("tag", tag);
    }

    private void dropPath(String path) {
        generation.incrementAndGet();
        pages.values().removeIf(page -> page.path().equals(path));
    }

    private void dropTag(String tag) {
        generation.incrementAndGet();
        data.values().removeIf(entry -> entry.tags().contains(tag));
        pages.values().removeIf(page -> page.tags().contains(tag));
    }

    /** Drops every page and data entry. */
    void clear() {
        generation.incrementAndGet();
        pages.clear();
        data.clear();
    }

    /**
     * Tells the other instances. The change that asked for it has happened, so a failure here must not fail the
     * request: it is logged, and the others' pages are stale until their own revalidation period (or until
     * their subscription, which fails with the same outage, comes back and drops everything).
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
}
