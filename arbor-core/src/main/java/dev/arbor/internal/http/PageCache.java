package dev.arbor.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revalidation bookkeeping shared by pages and actions. Pages are rendered on every request for now, so a
 * revalidated path is simply recorded; the cached-render store plugs in here.
 */
public final class PageCache {
    private final Set<String> revalidatedPaths = ConcurrentHashMap.newKeySet();
    private final Set<String> revalidatedTags = ConcurrentHashMap.newKeySet();

    void revalidatePath(String path) {
        revalidatedPaths.add(path);
    }

    void revalidateTag(String tag) {
        revalidatedTags.add(tag);
    }
}
