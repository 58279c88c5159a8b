package dev.arbor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.ActionRef;
import dev.arbor.Services;
import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import dev.arbor.security.RateLimit;
import dev.arbor.security.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hooks reach what the public classes keep non-public, and once their owner has set them nobody replaces them. */
class ApiHooksTest {
    @Test
    void aHookSetByItsOwnerCannotBeReplaced() {
        ApiHooks.actionRef("shop.A#a()", List.of());  // ActionRef has set its hook by now
        assertThatThrownBy(() -> ApiHooks.setActionRefs((key, types) -> null)).isInstanceOf(IllegalStateException.class);
        ApiHooks.bindRateLimits(new Services(), () -> new MemoryState(Clock.systemUTC()));
        assertThatThrownBy(() -> ApiHooks.setRateLimitsBinder((services, state) -> {})).isInstanceOf(IllegalStateException.class);
        assertThat(ApiHooks.actionRef("shop.A#a()", List.of())).isInstanceOf(ActionRef.class);
    }

    @Test
    void theServersRateLimitsCountInTheStateOfTheLatestBindAndAnAppsOwnAreLeftAlone() {
        Services services = new Services();
        SharedState first = new MemoryState(Clock.systemUTC());
        SharedState second = new MemoryState(Clock.systemUTC());
        ApiHooks.bindRateLimits(services, () -> first);
        RateLimit limit = services.get(RateLimits.class).limit("hooks", 1, Duration.ofMinutes(1));
        assertThat(limit.acquire("k").granted()).isTrue();
        assertThat(limit.acquire("k").granted()).isFalse();

        ApiHooks.bindRateLimits(services, () -> second);
        assertThat(limit.acquire("k").granted()).as("counted in the second server's state").isTrue();

        RateLimits own = RateLimits.inMemory(Clock.systemUTC());
        Services app = new Services().add(RateLimits.class, own);
        ApiHooks.bindRateLimits(app, () -> first);
        assertThat(app.get(RateLimits.class)).isSameAs(own);
        assertThat(own.limit("hooks", 1, Duration.ofMinutes(1)).acquire("k").granted()).as("not the server's state").isTrue();
    }
}
