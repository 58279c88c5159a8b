package dev.arbor.security;

import dev.arbor.Arbor;
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
 * several, never gets more than {@code limit} through: take a slot before the work, and {@link Slot#release} it if
 * the work should not count (a correct password, when failures are what is limited). A slot goes back only into
 * the window it was taken from, and never takes a count below 0: work that straddles the end of a window gives
 * nothing back to the next one.
 *
 * <pre>{@code
 * RateLimit failedLogins = rateLimits.limit("login", 5, Duration.ofMinutes(15));
 * RateLimit.Slot slot = failedLogins.acquire(email);
 * if (!slot.granted()) throw HttpError.tooManyRequests(slot.retryAfter());
 * if (passwordIsRight) slot.release();                  // only failures stay counted
 * }</pre>
 *
 * <p>Keys are stored hashed (an e-mail never reaches Redis) and expire with their window. In memory each limit name
 * keeps at most 50,000 keys; past that, a new key makes room by dropping that name's lowest tenth by count. So a
 * flood of new keys under one name can wipe counts of 1 or 2 (a failure or two of someone's), but refuses no key,
 * never reaches another name's counts, and drops a key's count only while 45,000 keys of that name count at least
 * as high: a guesser who wants their count of 4 forgotten must first bring 45,000 other keys to 4 within the
 * window, each attempt counted by the app's other limits. If the store cannot answer (Redis unreachable) the methods
 * throw, and the request answers 503.
 */
public final class RateLimit {
    private static final MessageDigest SHA_256 = sha256();

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
     * Takes one of {@code key}'s slots in its window if there is one; a refused slot counts nothing and says how
     * long until the window ends.
     */
    public Slot acquire(String key) {
        String stored = stored(key);
        SharedState store = state.get();
        SharedState.Count count = store.count(stored, 1, window);
        if (count.value() <= limit) {
            return new Slot(store, stored, count.window(), Duration.ZERO);
        }
        store.giveBack(stored, count.window()); // a refused attempt must not hold a slot
        return new Slot(null, stored, count.window(), count.expiresIn());
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
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA_256.clone(); // a digest is not thread-safe; a clone skips the provider lookup
        } catch (CloneNotSupportedException e) {
            sha256 = sha256();
        }
        byte[] hash = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * One {@link #acquire}'s answer: a slot taken in a key's window ({@link #granted}), or a refusal with the time
     * until that window ends ({@link #retryAfter}). Thread-safe; released at most once.
     */
    public static final class Slot {
        private final SharedState store;
        private final String key;
        private final long window;
        private final Duration retryAfter;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        private Slot(SharedState store, String key, long window, Duration retryAfter) {
            this.store = store;
            this.key = key;
            this.window = window;
            this.retryAfter = retryAfter;
        }

        /** True if the slot was taken: the work may go ahead. */
        public boolean granted() {
            return store != null;
        }

        /** How long until the key's window ends, for {@code Retry-After}; {@link Duration#ZERO} if granted. */
        public Duration retryAfter() {
            return retryAfter;
        }

        /**
         * Gives the slot back, for work that should not count. Does nothing for a refused slot, a second time, or
         * once the window it was taken in has ended or the key was reset: the next window's count stays whole.
         */
        public void release() {
            if (store != null && released.compareAndSet(false, true)) {
                store.giveBack(key, window);
            }
        }
    }
}
