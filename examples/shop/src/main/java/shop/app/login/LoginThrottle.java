package shop.app.login;

import dev.arbor.HttpError;
import dev.arbor.RateLimit;
import dev.arbor.RateLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import shop.app.ClientNetwork;

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
 * address's (one good account cannot launder an address's guesses at others). A slot goes back only into the
 * window it was taken from: successes that straddle the end of a window give the next one nothing.
 *
 * <p>"Address" means the client's network ({@link ClientNetwork}): an IPv6 address counts with the rest of its
 * /64, which one customer line holds whole.
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
    <T> Optional<T> attempt(String account, String clientAddress, Supplier<Optional<T>> check) {
        String address = ClientNetwork.of(clientAddress);
        // An address holds no line break, so no other account and address make the same pair.
        String pair = account + "\n" + address;
        RateLimit.Slot forPair = take(perAccountAndAddress, pair);
        RateLimit.Slot forAddress;
        RateLimit.Slot forAccount;
        try {
            forAddress = take(perAddress, address);
            try {
                forAccount = take(perAccount, account);
            } catch (HttpError refused) {
                forAddress.release();
                throw refused;
            }
        } catch (HttpError refused) {
            forPair.release();
            throw refused;
        }
        Optional<T> result;
        try {
            result = check.get();
        } catch (RuntimeException unchecked) {
            // The database was unreachable, say: no password was judged, so nothing counts against the visitor.
            forPair.release();
            forAccount.release();
            forAddress.release();
            throw unchecked;
        }
        if (result.isPresent()) {
            perAccountAndAddress.reset(pair);
            forAccount.release();
            forAddress.release();
        }
        return result;
    }

    private static RateLimit.Slot take(RateLimit limit, String key) {
        RateLimit.Slot slot = limit.acquire(key);
        if (!slot.granted()) {
            throw HttpError.tooManyRequests(slot.retryAfter());
        }
        return slot;
    }
}
