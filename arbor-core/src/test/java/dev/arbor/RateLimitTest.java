package dev.arbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitTest {
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
            limit.record("account:ada");
            now = now.plusSeconds(60);
        }
        assertThat(limit.retryAfter("account:ada")).contains(Duration.ofMinutes(10));
        assertThat(limit.retryAfter("account:grace")).isEmpty();
        now = now.plus(Duration.ofMinutes(10));
        assertThat(limit.retryAfter("account:ada")).isEmpty();
    }

    @Test
    void resetForgetsAKey() {
        RateLimit limit = new RateLimit(1, Duration.ofMinutes(15), clock);
        limit.record("ip:1.2.3.4");
        assertThat(limit.retryAfter("ip:1.2.3.4")).isPresent();
        limit.reset("ip:1.2.3.4");
        assertThat(limit.retryAfter("ip:1.2.3.4")).isEmpty();
    }
}
