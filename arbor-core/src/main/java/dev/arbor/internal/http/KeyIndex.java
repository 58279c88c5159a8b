package dev.arbor.internal.http;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cache keys by a name they were stored under (a page's path, a tag), so that an invalidation finds what it drops
 * without looking at every entry. The cache adds and removes a key here inside its own atomic step for that key
 * (a compute, or Caffeine's eviction listener), so the index holds exactly the keys the cache holds: it is as
 * bounded as the cache is.
 *
 * <p>Each name's set is a plain {@link HashSet} touched only inside {@link ConcurrentHashMap#compute} for its name,
 * so a key is never added to a set that {@link #take} has already handed out.
 */
final class KeyIndex {
    private final ConcurrentHashMap<String, Set<String>> keys = new ConcurrentHashMap<>();

    void add(String name, String key) {
        if (name == null) {
            return; // no invalidation can name it
        }
        keys.compute(name, (n, set) -> {
            Set<String> held = set == null ? new HashSet<>(4) : set;
            held.add(key);
            return held;
        });
    }

    void remove(String name, String key) {
        if (name == null) {
            return;
        }
        keys.computeIfPresent(name, (n, set) -> set.remove(key) && set.isEmpty() ? null : set);
    }

    /** The keys stored under {@code name}, now no longer indexed; null if there are none. */
    Set<String> take(String name) {
        return name == null ? null : keys.remove(name);
    }

    /** How many keys are indexed, under every name: for tests. */
    long size() {
        long[] size = {0};
        for (String name : keys.keySet()) {
            keys.computeIfPresent(name, (n, set) -> {
                size[0] += set.size();
                return set;
            });
        }
        return size[0];
    }
}
