package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.Services;
import dev.arbor.security.RateLimit;
import dev.arbor.security.RateLimits;
import dev.arbor.test.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@link RateLimits} a server hands to the app count in that server's state, for each start. */
class RateLimitsTest {
    @Test
    void aSecondServerFromTheSameBuilderCountsInItsOwnStateOnceTheFirstHasStopped() {
        Fixtures fixtures = new Fixtures();
        Services services = new Services().add(Fixtures.class, fixtures);
        Arbor.Builder builder = TestApp.builder(fixtures).services(services);
        RateLimit limit;
        try (Arbor first = dev.arbor.test.ArborTest.start(builder)) {
            limit = services.get(RateLimits.class).limit("restart", 1, Duration.ofMinutes(15));
            assertThat(limit.acquire("ada").granted()).isTrue();
            assertThat(limit.acquire("ada").granted()).isFalse();
        }
        try (Arbor second = dev.arbor.test.ArborTest.start(builder)) {
            assertThat(limit.acquire("ada").granted()).as("the second server's own count, not the stopped one's").isTrue();
            assertThat(limit.acquire("ada").granted()).isFalse();
        }
    }

    @Test
    void theServersLimitsCountOnTheServersClock() {
        Fixtures fixtures = new Fixtures();
        Services services = new Services().add(Fixtures.class, fixtures);
        TestClock clock = new TestClock();
        try (Arbor server = dev.arbor.test.ArborTest.start(TestApp.builder(fixtures).services(services).clock(clock))) {
            RateLimit limit = services.get(RateLimits.class).limit("clocked", 1, Duration.ofMinutes(15));
            assertThat(limit.acquire("ada").granted()).isTrue();
            RateLimit.Slot refused = limit.acquire("ada");
            assertThat(refused.granted()).isFalse();
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15));
            clock.advance(Duration.ofMinutes(15).minusMillis(1));
            assertThat(limit.acquire("ada").granted()).as("a millisecond before the window ends").isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(limit.acquire("ada").granted()).as("once the window has ended").isTrue();
        }
    }
}
