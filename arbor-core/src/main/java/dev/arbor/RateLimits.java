package dev.arbor;

import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where an app's {@link RateLimit}s keep their counts: with the app's other shared state, so in Redis when
 * {@link Arbor.Builder#redis} is set (every instance counts together) and in memory otherwise. The server puts one
 * in the app's {@link Services} when it starts, unless the app registered its own; a route or action takes it as
 * a constructor parameter.
 *
 * <pre>{@code
 * public LoginActions(Accounts accounts, RateLimits limits) {
 *     this.failures = limits.limit("login", 5, Duration.ofMinutes(15));
 * }
 * }</pre>
 */
public final class RateLimits {
    private final Supplier<SharedState> state;

    RateLimits(Supplier<SharedState> state) {
        this.state = state;
    }

    /** Counts in this process's memory on {@code clock}: for one instance, and for tests that move the clock. */
    public static RateLimits inMemory(Clock clock) {
        SharedState own = new MemoryState(clock);
        return new RateLimits(() -> own);
    }

    /**
     * At most {@code limit} events per key within {@code window}, counted under {@code name}: limits with the same
     * name share their counts (across instances too), limits with different names never do.
     */
    public RateLimit limit(String name, int limit, Duration window) {
        return new RateLimit(state, name, limit, window);
    }
}
