package dev.arbor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key within a sliding window, such as failed logins per account and per
 * address. In memory, for one instance. Thread-safe.
 *
 * <pre>{@code
 * RateLimit failedLogins = new RateLimit(5, Duration.ofMinutes(15));
 * failedLogins.retryAfter("account:" + email).ifPresent(wait -> { throw HttpError.tooManyRequests(wait); });
 * ...
 * failedLogins.record("account:" + email);      // after a failure
 * }</pre>
 */
public final class RateLimit {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> events = new ConcurrentHashMap<>();

    public RateLimit(int limit, Duration window) {
        this(limit, window, Clock.systemUTC());
    }

    public RateLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one event for {@code key}. */
    public void record(String key) {
        Instant now = clock.instant();
        events.compute(key, (k, times) -> {
            Deque<Instant> kept = times == null ? new ArrayDeque<>() : times;
            prune(kept, now);
            kept.addLast(now);
            return kept;
        });
    }

    /** How long until {@code key} may act again, or empty if it may now. */
    public Optional<Duration> retryAfter(String key) {
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        events.computeIfPresent(key, (k, kept) -> {
            prune(kept, now);
            if (kept.size() >= limit) {
                Duration left = Duration.between(now, kept.peekFirst().plus(window));
                wait[0] = left.isNegative() ? Duration.ZERO : left;
            }
            return kept.isEmpty() ? null : kept;
        });
        return Optional.ofNullable(wait[0]);
    }

    /** Forgets {@code key}, for example after a successful login. */
    public void reset(String key) {
        events.remove(key);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }
}
