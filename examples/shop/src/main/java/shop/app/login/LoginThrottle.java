package shop.app.login;

import dev.arbor.HttpError;
import dev.arbor.RateLimit;
import dev.arbor.RateLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Failed logins, counted three ways, so that guessing stays bounded without letting a stranger lock an owner out:
 * <ul>
 *   <li>5 per account and address within 15 minutes: a guesser is stopped where they guess, and the owner
 *       signing in from anywhere else is not;</li>
 *   <li>100 per account within an hour, from any addresses: guessing from many addresses stays slow;</li>
 *   <li>20 per address within 15 minutes, across accounts: one address cannot try a few passwords on many
 *       accounts.</li>
 * </ul>
 * Once any of them is reached, attempts answer 429 with {@code Retry-After} before any password is checked, even
 * the right one. Each attempt takes its slots before the check ({@link RateLimit#acquire}, atomic in the shared
 * store), so parallel guesses, on one instance or several, never get more checks than the limits allow; a refused
 * attempt takes none, so guesses refused at one address never count towards the account's global limit. A success
 * gives its slots back and forgets the account's failures from that address, not the account's others nor the
 * address's (one good account cannot launder an address's guesses at others).
 *
 * <p>With Redis the counts are shared by every instance; if Redis cannot answer, the attempt fails with 503
 * rather than going uncounted.
 */
final class LoginThrottle {
    private final RateLimit perAccountAndAddress;
    private final RateLimit perAccount;
    private final RateLimit perAddress;

    LoginThrottle(RateLimits limits) {
        this.perAccountAndAddress = limits.limit("login-account-address", 5, Duration.ofMinutes(15));
        this.perAccount = limits.limit("login-account", 100, Duration.ofHours(1));
        this.perAddress = limits.limit("login-address", 20, Duration.ofMinutes(15));
    }

    /** Runs {@code check} unless a limit is reached; counts an empty answer as a failure. */
    <T> Optional<T> attempt(String account, String address, Supplier<Optional<T>> check) {
        // An address holds no line break, so no other account and address make the same pair.
        String pair = account + "\n" + address;
        take(perAccountAndAddress, pair);
        try {
            take(perAddress, address);
            try {
                take(perAccount, account);
            } catch (HttpError refused) {
                perAddress.release(address);
                throw refused;
            }
        } catch (HttpError refused) {
            perAccountAndAddress.release(pair);
            throw refused;
        }
        Optional<T> result;
        try {
            result = check.get();
        } catch (RuntimeException unchecked) {
            // The database was unreachable, say: no password was judged, so nothing counts against the visitor.
            giveBack(pair, account, address);
            throw unchecked;
        }
        if (result.isPresent()) {
            perAccountAndAddress.reset(pair);
            perAccount.release(account);
            perAddress.release(address);
        }
        return result;
    }

    private void giveBack(String pair, String account, String address) {
        perAccountAndAddress.release(pair);
        perAccount.release(account);
        perAddress.release(address);
    }

    private static void take(RateLimit limit, String key) {
        Optional<Duration> wait = limit.acquire(key);
        if (wait.isPresent()) {
            throw HttpError.tooManyRequests(wait.get());
        }
    }
}
