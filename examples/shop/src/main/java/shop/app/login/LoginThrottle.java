package shop.app.login;

import dev.arbor.HttpError;
import dev.arbor.RateLimit;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Failed logins, counted per account and per remote address: once either has {@code limit} failures within
 * the window, further attempts answer 429 with {@code Retry-After} before any password is checked, even the
 * right one. A success forgets the account's failures (not the address's, so one good account cannot launder
 * an address's guesses at others).
 *
 * <p>Attempts that share an account or an address run one at a time (on striped locks held around the
 * password check), so a burst of parallel guesses cannot all pass the check before any is counted.
 * In memory, for one instance.
 */
final class LoginThrottle {
    private static final int STRIPES = 64;

    private final RateLimit failures;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    LoginThrottle(RateLimit failures) {
        this.failures = failures;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code check} unless the account or address is locked out; counts an empty answer as a failure. */
    <T> Optional<T> attempt(String account, String address, Supplier<Optional<T>> check) {
        String accountKey = "account:" + account;
        String addressKey = "address:" + address;
        int a = Math.floorMod(accountKey.hashCode(), STRIPES);
        int b = Math.floorMod(addressKey.hashCode(), STRIPES);
        // Always the lower stripe first, so two attempts never wait on each other in a circle.
        ReentrantLock first = locks[Math.min(a, b)];
        ReentrantLock second = locks[Math.max(a, b)];
        first.lock();
        second.lock();
        try {
            Optional<Duration> wait = longer(failures.retryAfter(accountKey), failures.retryAfter(addressKey));
            if (wait.isPresent()) {
                throw HttpError.tooManyRequests(wait.get());
            }
            Optional<T> result = check.get();
            if (result.isEmpty()) {
                failures.record(accountKey);
                failures.record(addressKey);
            } else {
                failures.reset(accountKey);
            }
            return result;
        } finally {
            second.unlock();
            first.unlock();
        }
    }

    private static Optional<Duration> longer(Optional<Duration> x, Optional<Duration> y) {
        if (x.isEmpty()) {
            return y;
        }
        return y.isEmpty() || x.get().compareTo(y.get()) >= 0 ? x : y;
    }
}
