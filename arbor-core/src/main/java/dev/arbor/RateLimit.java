package dev.arbor;

import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most {@code limit} events per key within a window, such as failed logins per account and per address. A key's
 * window starts at its first event and lasts {@code window}; then the count starts again. A limit made by
 * {@link RateLimits#limit} counts with every instance of the app when it has Redis ({@link Arbor.Builder#redis});
 * one made with {@code new} counts in this process's memory only. Thread-safe.
 *
 * <p>{@link #acquire} counts and checks in one atomic step, so a burst of parallel attempts, on one instance or
 * several, never gets more than {@code limit} through: take a slot before the work, and {@link #release} it if the
 * work should not count (a correct password, when failures are what is limited).
 *
 * <pre>{@code
 * RateLimit failedLogins = rateLimits.limit("login", 5, Duration.ofMinutes(15));
 * failedLogins.acquire(email).ifPresent(wait -> { throw HttpError.tooManyRequests(wait); });
 * if (passwordIsRight) failedLogins.release(email);     // only failures stay counted
 * }</pre>
 *
 * <p>Keys are stored hashed (an e-mail never reaches Redis) and expire with their window. In memory at most
 * 100,000 keys are kept; past that, a new key is refused as if it were over the limit until old ones expire
 * (failing closed: forgetting counts to make room would let a flood of keys wipe out an attacker's). If the store
 * cannot answer (Redis unreachable) the methods throw, and the request answers 503.
 */
public final class RateLimit {
    private final Supplier<SharedState> state;
    private final String prefix;
    private final int limit;
    private final Duration window;

    /** A limit kept in this process's memory. */
    public RateLimit(int limit, Duration window) {
        this(limit, window, Clock.systemUTC());
    }

    /** A limit kept in this process's memory, on {@code clock} (tests move it). */
    public RateLimit(int limit, Duration window, Clock clock) {
        this(memory(clock), "local", limit, window);
    }

    RateLimit(Supplier<SharedState> state, String name, int limit, Duration window) {
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("a rate limit needs a limit of at least 1 and a window of at least 1 ms");
        }
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a rate limit's name is 1 to 64 letters, digits, '.', '_' or '-': " + name);
        }
        this.state = state;
        this.prefix = "arbor:rate:" + name + ":";
        this.limit = limit;
        this.window = window;
    }

    private static Supplier<SharedState> memory(Clock clock) {
        SharedState own = new MemoryState(clock);
        return () -> own;
    }

    /**
     * Takes one of {@code key}'s slots in its window: empty if there was one, else how long until the window ends
     * (and nothing is counted).
     */
    public Optional<Duration> acquire(String key) {
        String stored = stored(key);
        SharedState.Count count = state.get().count(stored, 1, window);
        if (count.value() <= limit) {
            return Optional.empty();
        }
        if (count.value() != Long.MAX_VALUE) {
            state.get().count(stored, -1, window); // a refused attempt must not hold a slot
        }
        return Optional.of(count.expiresIn());
    }

    /** Gives back a slot {@link #acquire} took, for work that should not count. */
    public void release(String key) {
        state.get().count(stored(key), -1, window);
    }

    /** How long until {@code key} may act again, or empty if it may now; counts nothing. */
    public Optional<Duration> retryAfter(String key) {
        SharedState.Count count = state.get().count(stored(key), 0, window);
        return count.value() >= limit ? Optional.of(count.expiresIn()) : Optional.empty();
    }

    /** Forgets {@code key}'s count, for example after a successful login. */
    public void reset(String key) {
        state.get().delete(stored(key));
    }

    /** Hashed: keys are client text (e-mails, addresses) of any length, and the store may be shared. */
    private String stored(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
