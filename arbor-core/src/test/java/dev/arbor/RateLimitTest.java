package dev.arbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.internal.state.RedisState;
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
            assertThat(limit.acquire("account:ada")).isEmpty();
            now = now.plusSeconds(60);
        }
        assertThat(limit.retryAfter("account:ada")).contains(Duration.ofMinutes(10));
        assertThat(limit.acquire("account:ada")).contains(Duration.ofMinutes(10));
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
        assertThat(limit.acquire("k")).isEmpty();
        assertThat(limit.acquire("k")).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(limit.acquire("k")).as("refused, and not counted").contains(Duration.ofMinutes(15));
        }
        limit.release("k");
        assertThat(limit.acquire("k")).as("the slot given back").isEmpty();
        assertThat(limit.acquire("k")).isPresent();
        now = now.plus(Duration.ofMinutes(15));
        assertThat(limit.acquire("k")).as("a new window").isEmpty();
    }

    @Test
    void limitsOfOneStoreWithDifferentNamesCountApart() {
        RateLimits limits = RateLimits.inMemory(clock);
        RateLimit pairs = limits.limit("pairs", 1, Duration.ofMinutes(15));
        RateLimit accounts = limits.limit("accounts", 1, Duration.ofMinutes(15));
        assertThat(pairs.acquire("ada")).isEmpty();
        assertThat(accounts.acquire("ada")).isEmpty();
        assertThat(pairs.acquire("ada")).isPresent();
    }

    @Test
    void inMemoryAtMostAHundredThousandKeysAreKeptAndThenNewKeysAreRefusedUntilTheWindowEnds() {
        RateLimit limit = new RateLimit(5, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limit.acquire("address:" + i)).isEmpty();
        }
        assertThat(limit.acquire("address:new")).as("full: fail closed").contains(Duration.ofMinutes(15));
        assertThat(limit.acquire("address:1")).as("a kept key still counts").isEmpty();
        now = now.plus(Duration.ofMinutes(15));
        assertThat(limit.acquire("address:new")).as("expired keys leave room").isEmpty();
    }

    @Test
    void twoInstancesSharingRedisCountTogetherAndKeepNoClientTextInTheKeys() {
        String name = "test-" + UUID.randomUUID();
        try (SharedState one = RedisState.connect(REDIS); SharedState two = RedisState.connect(REDIS)) {
            RateLimit first = new RateLimits(() -> one).limit(name, 3, Duration.ofMinutes(15));
            RateLimit second = new RateLimits(() -> two).limit(name, 3, Duration.ofMinutes(15));
            assertThat(first.acquire("ada@example.com")).isEmpty();
            assertThat(second.acquire("ada@example.com")).isEmpty();
            assertThat(first.acquire("ada@example.com")).isEmpty();
            assertThat(second.acquire("ada@example.com")).hasValueSatisfying(wait ->
                    assertThat(wait).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15)));
            assertThat(one.count("arbor:rate:" + name + ":ada@example.com", 0, Duration.ofMinutes(1)).value())
                    .as("the key is hashed").isZero();
            second.reset("ada@example.com");
            assertThat(first.retryAfter("ada@example.com")).isEmpty();
        }
    }
}
