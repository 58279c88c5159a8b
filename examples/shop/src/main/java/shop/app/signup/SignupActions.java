package shop.app.signup;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import dev.arbor.security.RateLimit;
import dev.arbor.security.RateLimits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import shop.app.ClientNetwork;
import shop.data.Accounts;
import shop.data.Users;

/**
 * The sign-up form's action: creates a customer account, who then logs in with the login form. Every sign-up costs
 * an Argon2id hash and brings an upload quota, so each network ({@link ClientNetwork}) gets 10 within an hour; beyond
 * them the attempt answers 429 with {@code Retry-After} before anything is hashed or stored.
 */
@ServerActions
@Public
public final class SignupActions {
    /** What the sign-up form sends. */
    public record SignupForm(@NotBlank(message = "Enter your name") @Size(max = 100) String name,
                             @NotBlank(message = "Enter your email") @Email(message = "Enter a valid email") @Size(max = 254) String email,
                             @NotBlank(message = "Use at least 8 characters")
                             @Size(min = 8, message = "Use at least 8 characters")
                             @Size(max = 200, message = "Use at most 200 characters") String password) {}

    private final Accounts accounts;
    private final RateLimit perAddress;

    public SignupActions(Accounts accounts, RateLimits limits) {
        this.accounts = accounts;
        this.perAddress = limits.limit("signup-address", 10, Duration.ofHours(1));
    }

    /**
     * Creates the account, or does nothing if the address has one, and answers both the same way: the visitor is
     * not signed in and is asked to log in. Otherwise a stranger could learn which addresses have accounts by
     * signing up with them. Both paths hash the password (Argon2id, the bulk of the work) before the insert that
     * the unique constraint refuses, so they take about as long. The limit is taken first and counts both alike: a
     * refusal must not depend on the address either.
     */
    @Action
    public ActionResult createUser(SignupForm form, ActionContext ctx) {
        RateLimit.Slot slot = perAddress.acquire(ClientNetwork.of(ctx.remoteAddress()));
        if (!slot.granted()) {
            throw tooMany(slot.retryAfter());
        }
        try {
            accounts.create(form.name(), form.email(), form.password(), Accounts.CUSTOMER);
        } catch (Users.EmailTaken taken) {
            // The owner keeps the account and its password; nothing tells the visitor.
        } catch (RuntimeException unreachable) {
            // The database did not answer: nothing was created, so the attempt does not count.
            slot.release();
            throw unreachable;
        }
        ctx.revalidatePath("/users"); // either way, so that not even the page cache differs
        return ActionResult.ok(welcome(form));
    }

    private static HttpError tooMany(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return new HttpError(429, "rate-limited", "Too many sign-ups from your network; try again in " + minutes
                + (minutes == 1 ? " minute" : " minutes"), List.of()).withRetryAfter(wait);
    }

    /** The one answer to every sign-up, built only from what the visitor typed. */
    static String welcome(SignupForm form) {
        return "Thanks, " + form.name().strip() + "! Log in as " + form.email().strip() + " to continue.";
    }
}
