package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Ticker ticker = nanos::get;

    private PageCache cache(long maxBytes) {
        return new PageCache(new dev.arbor.internal.state.MemoryState(java.time.Clock.systemUTC()), maxBytes, ticker);
    }

    /** A render of {@code size} bytes, fresh for {@code revalidate}. */
    private PageCache.Page page(String path, int size, Duration revalidate) {
        return new PageCache.Page(path, new byte[size], "text/html", nanos.get(), revalidate.toNanos(), Set.of());
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void pagesAreBoundedByTheBytesOfTheirBodiesAndKeys() {
        PageCache cache = cache(100_000);
        for (int i = 0; i < 1_000; i++) {
            cache.store("/products?page=" + i, page("/products", 1_000, Duration.ofSeconds(60)), cache.generation());
        }
        assertThat(cache.pageBytes()).isLessThanOrEqualTo(100_000);
        assertThat(cache.pageCount()).isBetween(1L, 100L);
    }

    @Test
    void aKeyWeighsWhatItsCharactersTakeInMemoryNotOneBytePerCharacter() {
        PageCache cache = cache(100_000);
        // A path of characters outside Latin-1: a Java string keeps two bytes for each.
        String key = "/страница/" + "页".repeat(400);
        cache.store(key, page("/страница", 300, Duration.ofSeconds(60)), cache.generation());
        assertThat(cache.pageBytes()).isGreaterThanOrEqualTo(300 + 2L * key.length());
    }

    @Test
    void aPageHeavierThanTheWholeCacheIsNotKept() {
        PageCache cache = cache(1_000);
        cache.store("/big", page("/big", 2_000, Duration.ofSeconds(60)), cache.generation());
        assertThat(cache.page("/big")).isNull();
    }

    @Test
    void aPageUnreadForTwoRevalidationPeriodsExpires() {
        PageCache cache = cache(1_000_000);
        cache.store("/weekly", page("/weekly", 10, Duration.ofMinutes(5)), cache.generation());
        advance(Duration.ofMinutes(9));
        assertThat(cache.page("/weekly")).isNotNull();
        advance(Duration.ofMinutes(9));
        assertThat(cache.page("/weekly")).as("read 9 minutes ago, unread since").isNotNull();
        advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(cache.page("/weekly")).isNull();
    }

    @Test
    void aPageWithAShortPeriodStaysAtLeastAMinuteUnread() {
        PageCache cache = cache(1_000_000);
        cache.store("/quick", page("/quick", 10, Duration.ofSeconds(10)), cache.generation());
        advance(Duration.ofSeconds(50));
        assertThat(cache.page("/quick")).isNotNull();
        advance(Duration.ofSeconds(61));
        assertThat(cache.page("/quick")).isNull();
    }

    @Test
    void aPageReadAllTheTimeExpiresAtTenPeriodsOld() {
        PageCache cache = cache(1_000_000);
        cache.store("/busy", page("/busy", 10, Duration.ofMinutes(1)), cache.generation());
        for (int minute = 1; minute < 10; minute++) {
            advance(Duration.ofMinutes(1));
            assertThat(cache.page("/busy")).as("minute %d", minute).isNotNull();
        }
        advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(cache.page("/busy")).isNull();
    }

    @Test
    void aNewRenderStartsItsPagesTimeAgain() {
        PageCache cache = cache(1_000_000);
        cache.store("/busy", page("/busy", 10, Duration.ofMinutes(1)), cache.generation());
        for (int minute = 1; minute < 19; minute++) {
            advance(Duration.ofMinutes(1));
            if (minute == 9) {
                cache.store("/busy", page("/busy", 10, Duration.ofMinutes(1)), cache.generation());
            }
            assertThat(cache.page("/busy")).as("minute %d", minute).isNotNull();
        }
    }

    @Test
    void aRenderStartedBeforeAnInvalidationIsNotStored() {
        PageCache cache = cache(1_000_000);
        long started = cache.generation();
        cache.revalidatePath("/posts");
        cache.store("/posts", page("/posts", 1, Duration.ofSeconds(60)), started);
        assertThat(cache.page("/posts")).isNull();
    }

    @Test
    void theDataCacheLoadsOnceUntilItsTagIsRevalidated() {
        PageCache cache = cache(1_000_000);
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.data("k", List.of("t"), loads::incrementAndGet, new java.util.HashSet<>());
        }
        assertThat(loads.get()).isEqualTo(1);
        cache.revalidateTag("t");
        cache.data("k", List.of("t"), loads::incrementAndGet, new java.util.HashSet<>());
        assertThat(loads.get()).isEqualTo(2);
    }

    @Test
    void theDataCacheIsBoundedByCount() {
        PageCache cache = cache(1_000_000);
        for (int i = 0; i < PageCache.MAX_DATA + 500; i++) {
            cache.data("k" + i, List.of(), () -> 1, new java.util.HashSet<>());
        }
        assertThat(cache.dataCount()).isLessThanOrEqualTo(PageCache.MAX_DATA);
    }

    @Test
    void dataUnreadForTenMinutesOrAnHourOldIsLoadedAgain() {
        PageCache cache = cache(1_000_000);
        AtomicInteger loads = new AtomicInteger();
        cache.data("idle", List.of(), loads::incrementAndGet, new java.util.HashSet<>());
        advance(PageCache.DATA_UNREAD.plusSeconds(1));
        cache.data("idle", List.of(), loads::incrementAndGet, new java.util.HashSet<>());
        assertThat(loads.get()).isEqualTo(2);

        for (int i = 0; i < 7; i++) {
            advance(Duration.ofMinutes(9));
            cache.data("idle", List.of(), loads::incrementAndGet, new java.util.HashSet<>());
        }
        assertThat(loads.get()).as("read every 9 minutes, reloaded once an hour old").isEqualTo(3);
    }
}
