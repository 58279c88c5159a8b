package dev.arbor.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What only the in-memory store promises: expiry on its clock, and a byte budget that refuses rather than evicts. */
class MemoryStateTest {
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void aValueExpiresWhenTheClockPassesItsTimeAndItsBytesComeBackWithoutASweep() {
        HandClock clock = new HandClock();
        try (MemoryState state = new MemoryState(clock, 1_000_000)) {
            state.put("kept", new byte[10], LONG);
            // Fewer writes than the old sweep waited for (4,096), and none of them read again.
            for (int i = 0; i < 100; i++) {
                state.put("short:" + i, new byte[100], Duration.ofSeconds(1));
            }
            clock.advance(999);
            assertThat(state.get("short:7")).hasSize(100);
            clock.advance(1);
            assertThat(state.get("short:7")).as("expired on the clock, not on a sweep").isNull();
            assertThat(state.putIfAbsent("short:8", new byte[1], LONG)).as("an expired key is free").isTrue();

            clock.advance(2_000);
            state.put("after", new byte[20], LONG);
            assertThat(state.bytes()).as("the 99 unread values left on their own")
                    .isEqualTo(MemoryState.weight("kept", 10) + MemoryState.weight("short:8", 1) + MemoryState.weight("after", 20));
        }
    }

    /**
     * On the system clock (the builder's default) the store keeps time on {@link System#nanoTime}, which a wall
     * clock stepped by NTP does not move; any other clock, even one reading the system's time, is followed.
     */
    @Test
    void theSystemClockKeepsTimeOnTheMonotonicTickerAndAnyOtherClockIsFollowed() throws Exception {
        assertThat(MemoryState.tickerFor(java.time.Clock.systemUTC())).isSameAs(com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        assertThat(MemoryState.tickerFor(java.time.Clock.systemDefaultZone())).isSameAs(com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        // A wall clock stepped back a day: a store on the system clock would not see it; one configured with it does.
        java.time.Clock steppedBack = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(-1));
        long expected = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - 86_400_000L);
        assertThat(MemoryState.tickerFor(steppedBack).read()).isBetween(expected - 1_000_000_000L, expected + 1_000_000_000L);
        // Expiry instants are on the same time base as Caffeine's: a value and a counter on the system clock live
        // for their time, no more and no less.
        try (MemoryState state = new MemoryState(java.time.Clock.systemUTC(), 1_000_000)) {
            state.put("v", new byte[1], Duration.ofMillis(300));
            SharedState.Count count = state.count("limit:a", 1, Duration.ofMillis(300));
            assertThat(state.get("v")).hasSize(1);
            assertThat(count.expiresIn()).isBetween(Duration.ofMillis(1), Duration.ofMillis(300));
            // Real time is the point here: the monotonic ticker, not a clock a test can move.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> state.get("v") == null);
            assertThat(state.count("limit:a", 1, Duration.ofMillis(300)).value()).as("a new window").isEqualTo(1);
        }
    }

    @Test
    void theBudgetRefusesAWritePastItAndEvictsNothing() {
        HandClock clock = new HandClock();
        long budget = 3 * MemoryState.weight("revoked:0", 1);
        try (MemoryState state = new MemoryState(clock, budget)) {
            for (int i = 0; i < 3; i++) {
                state.put("revoked:" + i, new byte[] {1}, LONG);
            }
            assertThatThrownBy(() -> state.put("revoked:3", new byte[] {1}, LONG)).isInstanceOf(StateUnavailable.class)
                    .hasMessageContaining("full");
            assertThatThrownBy(() -> state.putIfAbsent("claim", new byte[] {1}, LONG)).hasMessageContaining("full");
            assertThat(state.get("claim")).isNull();
            for (int i = 0; i < 3; i++) {
                assertThat(state.get("revoked:" + i)).as("a revocation is never pushed out to make room").isNotNull();
            }
            state.delete("revoked:1");
            assertThat(state.putIfAbsent("revoked:3", new byte[] {1}, LONG)).as("a deleted value frees its bytes").isTrue();
        }
    }

    @Test
    void theBudgetRefusesWritesUntilReplacedExpiredOrDeletedValuesFreeTheirBytes() {
        HandClock clock = new HandClock();
        long budget = MemoryState.weight("a", 300) + MemoryState.weight("b", 600) + 50;
        try (MemoryState state = new MemoryState(clock, budget)) {
            state.put("a", new byte[600], Duration.ofMillis(200));
            assertThatThrownBy(() -> state.putIfAbsent("b", new byte[600], Duration.ofSeconds(30))).hasMessageContaining("full");
            assertThat(state.get("b")).isNull();
            state.put("a", new byte[300], Duration.ofMillis(200));
            assertThat(state.putIfAbsent("b", new byte[600], Duration.ofSeconds(30))).as("a replaced value frees its bytes").isTrue();
            assertThatThrownBy(() -> state.putIfAbsent("c", new byte[600], Duration.ofSeconds(30))).hasMessageContaining("full");
            state.delete("b");
            assertThatThrownBy(() -> state.putIfAbsent("c", new byte[900], Duration.ofSeconds(30)))
                    .as("'a' still holds its bytes").hasMessageContaining("full");
            // Caffeine drops what expired as its timer wheel turns, a little over a second at the finest.
            clock.advance(2_000);
            assertThat(state.putIfAbsent("c", new byte[900], Duration.ofSeconds(30))).as("expired and deleted values free theirs").isTrue();
        }
    }

    @Test
    void aStoreMadeWithoutABudgetStillHasAGenerousOne() {
        try (MemoryState state = new MemoryState(new HandClock())) {
            state.put("arbor:revoked:an-id", new byte[1024 * 1024], LONG);
            assertThatThrownBy(() -> state.put("arbor:revoked:too-much", new byte[(int) MemoryState.DEFAULT_BUDGET], LONG))
                    .hasMessageContaining("full");
            assertThat(state.get("arbor:revoked:an-id")).hasSize(1024 * 1024);
        }
    }

    @Test
    void theBudgetCountsEachValueOnceWhateverRacesReplaceDeleteAndExpireIt() throws Exception {
        HandClock clock = new HandClock();
        try (MemoryState state = new MemoryState(clock, Long.MAX_VALUE)) {
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 8; t++) {
                    threads.submit(() -> {
                        var random = ThreadLocalRandom.current();
                        for (int i = 0; i < 2_000; i++) {
                            String key = "k" + random.nextInt(20);
                            Duration ttl = Duration.ofMillis(random.nextInt(1, 50));
                            switch (random.nextInt(4)) {
                                case 0 -> state.put(key, new byte[random.nextInt(100)], ttl);
                                case 1 -> state.putIfAbsent(key, new byte[random.nextInt(100)], ttl);
                                case 2 -> state.delete(key);
                                default -> clock.advance(1);
                            }
                        }
                        return null;
                    });
                }
            }
            for (int i = 0; i < 20; i++) {
                state.delete("k" + i);
            }
            assertThat(state.bytes()).as("nothing is held, so nothing is counted").isZero();
        }
    }
}
