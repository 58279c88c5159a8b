package shop.app.login;

import dev.arbor.HttpError;
import dev.arbor.security.RateLimit;
import dev.arbor.security.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        // Taken in this order, and given back if a later one is refused or the store fails part-way: an attempt refused
        // by one limit counts in none of the others.
        List<RateLimit.Slot> taken = new ArrayList<>(3);
        Optional<T> result;
        try {
            taken.add(take(perAccountAndAddress, pair));
            taken.add(take(perAddress, address));
            taken.add(take(perAccount, account));
            // Throws when the database was unreachable, say: no password was judged, so nothing counts.
            result = check.get();
        } catch (RuntimeException refusedOrUnjudged) {
            taken.forEach(RateLimit.Slot::release);
            throw refusedOrUnjudged;
        }
        if (result.isPresent()) {
            // A success forgets the pair's failures and gives the address and the account their slots back.
            perAccountAndAddress.reset(pair);
            taken.subList(1, taken.size()).forEach(RateLimit.Slot::release);
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
