package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The page and data caches on a clock the test moves: nothing here sleeps. */
class PageCacheTest {
    private final HandClock clock = new HandClock();

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    private PageCache cache(long maxBytes) {
        return new PageCache(new MemoryState(clock), maxBytes, clock);
    }

    /** A render of {@code size} bytes, fresh for {@code revalidate}, made now. */
    private PageCache.Page page(PageCache cache, String path, int size, Duration revalidate) {
        return page(cache, path, size, revalidate, Set.of());
    }

    private PageCache.Page page(PageCache cache, String path, int size, Duration revalidate, Set<String> tags) {
        return new PageCache.Page(path, new byte[size], "text/html", cache.now(), revalidate.toNanos(), tags);
    }

    private void advance(Duration by) {
        clock.millis.addAndGet(by.toMillis());
    }

    @Test
    void pagesAreBoundedByTheBytesOfTheirBodiesAndKeys() {
        PageCache cache = cache(100_000);
        for (int i = 0; i < 1_000; i++) {
            cache.store("/products?page=" + i, page(cache, "/products", 1_000, Duration.ofSeconds(60)), cache.generation());
        }
        assertThat(cache.pageBytes()).isLessThanOrEqualTo(100_000);
        assertThat(cache.pageCount()).isBetween(1L, 100L);
    }

    @Test
    void aKeyWeighsWhatItsCharactersTakeInMemoryNotOneBytePerCharacter() {
        PageCache cache = cache(100_000);
        // A path of characters outside Latin-1: a Java string keeps two bytes for each.
        String key = "/страница/" + "页".repeat(400);
        cache.store(key, page(cache, "/страница", 300, Duration.ofSeconds(60)), cache.generation());
        assertThat(cache.pageBytes()).isGreaterThanOrEqualTo(300 + 2L * key.length());
    }

    @Test
    void aPageHeavierThanTheWholeCacheIsNotKept() {
        PageCache cache = cache(1_000);
        cache.store("/big", page(cache, "/big", 2_000, Duration.ofSeconds(60)), cache.generation());
        assertThat(cache.page("/big")).isNull();
    }

    @Test
    void aPageUnreadForTwoRevalidationPeriodsExpires() {
        PageCache cache = cache(1_000_000);
        cache.store("/weekly", page(cache, "/weekly", 10, Duration.ofMinutes(5)), cache.generation());
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
        cache.store("/quick", page(cache, "/quick", 10, Duration.ofSeconds(10)), cache.generation());
        advance(Duration.ofSeconds(50));
        assertThat(cache.page("/quick")).isNotNull();
        advance(Duration.ofSeconds(61));
        assertThat(cache.page("/quick")).isNull();
    }

    @Test
    void aPageReadAllTheTimeExpiresAtTenPeriodsOld() {
        PageCache cache = cache(1_000_000);
        cache.store("/busy", page(cache, "/busy", 10, Duration.ofMinutes(1)), cache.generation());
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
        cache.store("/busy", page(cache, "/busy", 10, Duration.ofMinutes(1)), cache.generation());
        for (int minute = 1; minute < 19; minute++) {
            advance(Duration.ofMinutes(1));
            if (minute == 9) {
                cache.store("/busy", page(cache, "/busy", 10, Duration.ofMinutes(1)), cache.generation());
            }
            assertThat(cache.page("/busy")).as("minute %d", minute).isNotNull();
        }
    }

    @Test
    void aRenderStartedBeforeAnInvalidationIsNotStored() {
        PageCache cache = cache(1_000_000);
        long started = cache.generation();
        cache.revalidatePath("/posts");
        cache.store("/posts", page(cache, "/posts", 1, Duration.ofSeconds(60)), started);
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

    @Test
    void aPageCacheMadeOnAClockAgesItsPagesOnThatClock() {
        PageCache cache = cache(1_000_000);
        long before = cache.now();
        advance(Duration.ofSeconds(42));
        assertThat(cache.now() - before).isEqualTo(Duration.ofSeconds(42).toNanos());
        cache.store("/news", page(cache, "/news", 10, Duration.ofSeconds(30)), cache.generation());
        advance(Duration.ofSeconds(59));
        assertThat(cache.page("/news")).isNotNull();
        advance(Duration.ofSeconds(61));
        assertThat(cache.page("/news")).as("unread for two minutes of the clock").isNull();
    }

    @Test
    void revalidatePathDropsEveryPageOfThatPathAndNoOtherAmongManyCached() {
        PageCache cache = cache(100_000_000);
        for (int i = 0; i < 5_000; i++) {
            cache.store("/products?page=" + i, page(cache, "/products", 100, Duration.ofMinutes(1)), cache.generation());
            cache.store("/p/" + i, page(cache, "/p/" + i, 100, Duration.ofMinutes(1)), cache.generation());
        }
        cache.revalidatePath("/products");
        assertThat(cache.pageCount()).isEqualTo(5_000);
        assertThat(cache.page("/products?page=0")).isNull();
        assertThat(cache.page("/products?page=4999")).isNull();
        cache.revalidatePath("/p/17");
        assertThat(cache.page("/p/17")).isNull();
        assertThat(cache.page("/p/18")).isNotNull();
        assertThat(cache.pageCount()).isEqualTo(4_999);
        cache.revalidatePath("/nothing-cached-here");
        assertThat(cache.pageCount()).isEqualTo(4_999);
    }

    /** Tags that count how often they are asked whether they hold a tag. */
    private static final class CountingTags extends AbstractSet<String> {
        static final AtomicInteger ASKED = new AtomicInteger();
        final Set<String> tags;

        CountingTags(String... tags) {
            this.tags = Set.of(tags);
        }

        @Override public boolean contains(Object tag) {
            ASKED.incrementAndGet();
            return tags.contains(tag);
        }
        @Override public Iterator<String> iterator() { return tags.iterator(); }
        @Override public int size() { return tags.size(); }
    }

    @Test
    void revalidateTagLooksOnlyAtThePagesThatReadTheTag() {
        PageCache cache = cache(100_000_000);
        for (int i = 0; i < 1_000; i++) {
            cache.store("/shelf/" + i, page(cache, "/shelf/" + i, 10, Duration.ofMinutes(1), new CountingTags("books")), cache.generation());
        }
        cache.store("/toys", page(cache, "/toys", 10, Duration.ofMinutes(1), new CountingTags("toys")), cache.generation());
        CountingTags.ASKED.set(0);
        cache.revalidateTag("toys");
        assertThat(cache.page("/toys")).isNull();
        assertThat(CountingTags.ASKED.get()).as("the 1,000 pages that never read 'toys' are not looked at").isLessThanOrEqualTo(1);
        cache.revalidateTag("books");
        assertThat(cache.pageCount()).isZero();
    }

    @Test
    void theIndexOfPathsAndTagsFollowsEveryWayAnEntryLeaves() {
        PageCache cache = cache(20_000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) {
                // Evicted for room, replaced, expired, dropped by path or by tag: each must leave the index too.
                cache.store("/a?page=" + i, page(cache, "/a", 100, Duration.ofSeconds(10 + i % 50), Set.of("t" + i % 7)), cache.generation());
                cache.data("d" + i, List.of("t" + i % 5), () -> 1, new java.util.HashSet<>());
            }
            cache.revalidatePath("/a");
            cache.revalidateTag("t3");
            advance(Duration.ofMinutes(2));
        }
        advance(Duration.ofHours(2)); // every page and data entry left so far expires
        for (int i = 0; i < 50; i++) {
            cache.store("/b/" + i, page(cache, "/b/" + i, 10, Duration.ofMinutes(5), Set.of("kept")), cache.generation());
        }
        assertThat(cache.pageCount()).isEqualTo(50);
        assertThat(cache.dataCount()).isZero();
        assertThat(cache.indexedKeys()).as("one path and one tag for each page left, nothing for the rest")
                .isEqualTo(2 * cache.pageCount());
        cache.clear();
        assertThat(cache.indexedKeys()).isZero();
    }

    /** A store that says whether it publishes, and records what it is asked to publish. */
    private static final class Publishing implements SharedState {
        final SharedState store = new MemoryState(Clock.systemUTC());
        final boolean publishes;
        final List<String> published = new ArrayList<>();

        Publishing(boolean publishes) {
            this.publishes = publishes;
        }

        @Override public boolean publishes() { return publishes; }
        @Override public void publish(String channel, String message) {
            if (!publishes) {
                throw new AssertionError("asked to publish " + message + " to nobody");
            }
            published.add(channel + " " + message);
        }
        @Override public boolean putIfAbsent(String key, byte[] value, Duration ttl) { return store.putIfAbsent(key, value, ttl); }
        @Override public void put(String key, byte[] value, Duration ttl) { store.put(key, value, ttl); }
        @Override public byte[] get(String key) { return store.get(key); }
        @Override public void delete(String key) { store.delete(key); }
        @Override public Count count(String key, long delta, Duration ttl) { return store.count(key, delta, ttl); }
        @Override public void giveBack(String key, long window) { store.giveBack(key, window); }
        @Override public String describe() { return "test"; }
        @Override public void close() { store.close(); }
    }

    @Test
    void aRevalidationIsPublishedOnlyToAStoreThatReachesOtherInstances() {
        Publishing alone = new Publishing(false);
        PageCache cache = new PageCache(alone, 1_000_000, clock);
        cache.revalidatePath("/posts");
        cache.revalidateTag("posts");

        Publishing shared = new Publishing(true);
        new PageCache(shared, 1_000_000, clock).revalidatePath("/posts");
        assertThat(shared.published).singleElement().asString().startsWith(PageCache.CHANNEL + " ").endsWith(" path /posts");
        assertThat(new MemoryState(clock).publishes()).as("memory has no other instance").isFalse();
    }

    @Test
    void onTheSystemClockPagesAgeOnTheMonotonicTickerNotTheWallClock() {
        PageCache cache = new PageCache(new MemoryState(Clock.systemUTC()), 1_000, Clock.systemUTC());
        long before = System.nanoTime();
        long now = cache.now();
        assertThat(now).isBetween(before, System.nanoTime());
        PageCache onAnother = new PageCache(new MemoryState(Clock.systemUTC()), 1_000,
                Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(-1)));
        long wall = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - 86_400_000L);
        assertThat(onAnother.now()).as("a configured clock is followed").isBetween(wall - 1_000_000_000L, wall + 1_000_000_000L);
        assertThatThrownBy(() -> new PageCache(new MemoryState(Clock.systemUTC()), 1_000, null)).isInstanceOf(NullPointerException.class);
    }
}
