package dev.arbor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final String REDIS = System.getProperty("arbor.test.redis", "redis://127.0.0.1:6379/0");

    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void fiveFailuresAreAllowedAndTheSixthWaitsForTheWindow() {
        RateLimit limit = new RateLimit(5, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limit.retryAfter("account:ada")).isEmpty();
            assertThat(limit.acquire("account:ada").granted()).isTrue();
            now = now.plusSeconds(60);
        }
        assertThat(limit.retryAfter("account:ada")).contains(Duration.ofMinutes(10));
        assertThat(limit.acquire("account:ada").retryAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(limit.retryAfter("account:grace")).isEmpty();
        now = now.plus(Duration.ofMinutes(10));
        assertThat(limit.retryAfter("account:ada")).isEmpty();
    }

    @Test
    void resetForgetsAKey() {
        RateLimit limit = new RateLimit(1, Duration.ofMinutes(15), clock);
        limit.acquire("ip:1.2.3.4");
        assertThat(limit.retryAfter("ip:1.2.3.4")).isPresent();
        limit.reset("ip:1.2.3.4");
        assertThat(limit.retryAfter("ip:1.2.3.4")).isEmpty();
    }

    @Test
    void aRefusedAcquireTakesNoSlotAndAReleaseGivesOneBack() {
        RateLimit limit = RateLimits.inMemory(clock).limit("test", 2, Duration.ofMinutes(15));
        assertThat(limit.acquire("k").granted()).isTrue();
        RateLimit.Slot second = limit.acquire("k");
        assertThat(second.granted()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limit.acquire("k").retryAfter()).as("refused, and not counted").isEqualTo(Duration.ofMinutes(15));
        }
        second.release();
        second.release();
        assertThat(limit.acquire("k").granted()).as("the slot given back, once").isTrue();
        assertThat(limit.acquire("k").granted()).isFalse();
        now = now.plus(Duration.ofMinutes(15));
        assertThat(limit.acquire("k").granted()).as("a new window").isTrue();
    }

    /**
     * The attack of issue 12's review: K successes started just before the window ends give their slots back
     * just after, into a window where the attacker has one failure. They must not buy K more guesses.
     */
    private static void slotsGoBackOnlyIntoTheirOwnWindow(RateLimit limit, Runnable endTheWindow) {
        var inFlight = new java.util.ArrayList<RateLimit.Slot>();
        for (int i = 0; i < 5; i++) {
            inFlight.add(limit.acquire("ip")); // five logins with the attacker's own accounts
        }
        endTheWindow.run(); // while they run
        assertThat(limit.acquire("ip").granted()).as("a wrong guess in the new window").isTrue();
        inFlight.forEach(RateLimit.Slot::release); // the five correct passwords give their slots back
        int guesses = 1;
        while (limit.acquire("ip").granted()) {
            guesses++;
        }
        assertThat(guesses).as("guesses in the new window").isEqualTo(20);
    }

    @Test
    void aReleaseGivesItsSlotBackOnlyInTheWindowItWasTakenIn() {
        RateLimit limit = RateLimits.inMemory(clock).limit("address", 20, Duration.ofMinutes(15));
        slotsGoBackOnlyIntoTheirOwnWindow(limit, () -> now = now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void onRedisAReleaseGivesItsSlotBackOnlyInTheWindowItWasTakenIn() {
        try (SharedState redis = SharedState.of(REDIS, Clock.systemUTC())) {
            RateLimit limit = new RateLimits(() -> redis).limit("test-" + UUID.randomUUID(), 20, Duration.ofMillis(300));
            slotsGoBackOnlyIntoTheirOwnWindow(limit, () -> {
                try {
                    Thread.sleep(400); // real time: Redis ends the 300 ms window on its own clock, which no test clock moves
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aReleaseAfterAResetTakesNothingFromTheNextCount() {
        RateLimit limit = RateLimits.inMemory(clock).limit("pair", 2, Duration.ofMinutes(15));
        RateLimit.Slot slot = limit.acquire("k");
        limit.reset("k");
        assertThat(limit.acquire("k").granted()).isTrue();
        slot.release();
        assertThat(limit.acquire("k").granted()).isTrue();
        assertThat(limit.acquire("k").granted()).as("never more than the limit").isFalse();
    }

    @Test
    void limitsOfOneStoreWithDifferentNamesCountApart() {
        RateLimits limits = RateLimits.inMemory(clock);
        RateLimit pairs = limits.limit("pairs", 1, Duration.ofMinutes(15));
        RateLimit accounts = limits.limit("accounts", 1, Duration.ofMinutes(15));
        assertThat(pairs.acquire("ada").granted()).isTrue();
        assertThat(accounts.acquire("ada").granted()).isTrue();
        assertThat(pairs.acquire("ada").granted()).isFalse();
    }

    @Test
    void aFloodOfNewKeysUnderOneNameNeitherRefusesNewKeysNorTouchesAnotherNamesCounts() {
        RateLimits limits = RateLimits.inMemory(clock);
        RateLimit accounts = limits.limit("accounts", 5, Duration.ofHours(1));
        RateLimit addresses = limits.limit("addresses", 5, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(addresses.acquire("guesser").granted()).isTrue();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.acquire("targeted@example.com").granted()).isTrue();
        }
        for (int i = 0; i < 60_000; i++) { // made-up e-mails, one try each, more than a name keeps
            accounts.acquire("nobody" + i + "@example.com");
        }
        assertThat(accounts.acquire("owner@example.com").granted()).as("a new key is counted, not refused").isTrue();
        assertThat(addresses.acquire("newcomer").granted()).as("another name's budget is its own").isTrue();
        assertThat(addresses.acquire("guesser").granted()).as("another name's counts are kept").isFalse();
        assertThat(accounts.acquire("targeted@example.com").granted()).as("a counter at its limit outlives ones at 1").isFalse();
    }

    @Test
    void twoInstancesSharingRedisCountTogetherAndKeepNoClientTextInTheKeys() {
        String name = "test-" + UUID.randomUUID();
        try (SharedState one = SharedState.of(REDIS, Clock.systemUTC()); SharedState two = SharedState.of(REDIS, Clock.systemUTC())) {
            RateLimit first = new RateLimits(() -> one).limit(name, 3, Duration.ofMinutes(15));
            RateLimit second = new RateLimits(() -> two).limit(name, 3, Duration.ofMinutes(15));
            assertThat(first.acquire("ada@example.com").granted()).isTrue();
            assertThat(second.acquire("ada@example.com").granted()).isTrue();
            assertThat(first.acquire("ada@example.com").granted()).isTrue();
            RateLimit.Slot refused = second.acquire("ada@example.com");
            assertThat(refused.granted()).isFalse();
            assertThat(refused.retryAfter()).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
            assertThat(one.count("arbor:rate:" + name + ":ada@example.com", 0, Duration.ofMinutes(1)).value())
                    .as("the key is hashed").isZero();
            second.reset("ada@example.com");
            assertThat(first.retryAfter("ada@example.com")).isEmpty();
        }
    }
}
