package dev.arbor.security;

import dev.arbor.Arbor;
import dev.arbor.Services;
import dev.arbor.internal.ApiHooks;
import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where an app's {@link RateLimit}s keep their counts: with the app's other shared state, so in Redis when
 * {@link Arbor.Builder#redis} is set (every instance counts together) and in memory otherwise. The server puts one
 * in the app's {@link Services} when it starts, unless the app registered its own; a route or action takes it as
 * a constructor parameter. Each start binds it to that server's state, so a server built again from the same
 * {@link Arbor.Builder} (the same {@link Services}) counts in its own store, not in one that has stopped; the
 * limits count while a server runs, in the one started last.
 *
 * <pre>{@code
 * public LoginActions(Accounts accounts, RateLimits limits) {
 *     this.failures = limits.limit("login", 5, Duration.ofMinutes(15));
 * }
 * }</pre>
 */
public final class RateLimits {
    private static final Supplier<SharedState> NOT_STARTED = () -> {
        throw new IllegalStateException("a RateLimit counts while its server runs: call it from a route or an action");
    };

    private final boolean serverBound;
    private volatile Supplier<SharedState> state;

    static {
        // The server's side stays off this class's public surface: each start reaches it through the hook.
        ApiHooks.setRateLimitsBinder((services, server) -> services.instance(RateLimits.class, RateLimits::forServer).countIn(server));
    }

    /** Limits that count wherever {@code state} says, whichever server runs. */
    RateLimits(Supplier<SharedState> state) {
        this.serverBound = false;
        this.state = state;
    }

    private RateLimits() {
        this.serverBound = true;
        this.state = NOT_STARTED;
    }

    /** The server's own, counting nowhere until {@link #countIn} binds them to a started server. */
    static RateLimits forServer() {
        return new RateLimits();
    }

    /** Binds limits the server made to {@code server}'s state; limits the app registered keep their own. */
    void countIn(Supplier<SharedState> server) {
        if (serverBound) {
            state = server;
        }
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
        // Through this object, not its current state: a limit made at start-up follows the server's next start.
        return new RateLimit(() -> state.get(), name, limit, window);
    }
}
