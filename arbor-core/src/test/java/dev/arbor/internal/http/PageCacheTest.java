package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private static PageCache.Page page(String path) {
        return new PageCache.Page(path, new byte[] {1}, "text/html", System.nanoTime(), Set.of());
    }

    @Test
    void newQueryStringsCannotGrowTheCacheWithoutBound() {
        PageCache cache = new PageCache(new dev.arbor.internal.state.MemoryState(java.time.Clock.systemUTC()));
        for (int i = 0; i < PageCache.MAX_PAGES + 500; i++) {
            cache.store("/products?junk=" + i, page("/products"), cache.generation());
        }
        assertThat(cache.pageCount()).isEqualTo(PageCache.MAX_PAGES);
        assertThat(cache.page("/products?junk=" + (PageCache.MAX_PAGES + 1))).isNull();
    }

    @Test
    void aRenderStartedBeforeAnInvalidationIsNotStored() {
        PageCache cache = new PageCache(new dev.arbor.internal.state.MemoryState(java.time.Clock.systemUTC()));
        long started = cache.generation();
        cache.revalidatePath("/posts");
        cache.store("/posts", page("/posts"), started);
        assertThat(cache.page("/posts")).isNull();
    }

    @Test
    void theDataCacheLoadsOnceUntilItsTagIsRevalidated() {
        PageCache cache = new PageCache(new dev.arbor.internal.state.MemoryState(java.time.Clock.systemUTC()));
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.data("k", List.of("t"), loads::incrementAndGet, new java.util.HashSet<>());
        }
        assertThat(loads.get()).isEqualTo(1);
        cache.revalidateTag("t");
        cache.data("k", List.of("t"), loads::incrementAndGet, new java.util.HashSet<>());
        assertThat(loads.get()).isEqualTo(2);
    }
}
