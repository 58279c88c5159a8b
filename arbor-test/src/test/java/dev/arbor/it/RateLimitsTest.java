package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.Services;
import dev.arbor.security.RateLimit;
import dev.arbor.security.RateLimits;
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
}
