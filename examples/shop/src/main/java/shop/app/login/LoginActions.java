package shop.app.login;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import dev.arbor.security.RateLimits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import java.util.Set;
import shop.data.Accounts;
import shop.data.Carts;

/**
 * Logging in and out. A wrong password and an unknown e-mail get the same answer; failures are limited per
 * account and address, per account and per address ({@link LoginThrottle}), beyond which attempts answer 429 with
 * {@code Retry-After}.
 */
@ServerActions
@Public
public final class LoginActions {
    /** What the login form sends. */
    public record LoginForm(@NotBlank(message = "Enter your email") @Size(max = 254) String email,
                            @NotBlank(message = "Enter your password") @Size(max = 200) String password) {}

    static final String WRONG = "Wrong email or password";

    private final Accounts accounts;
    private final Carts carts;
    private final LoginThrottle throttle;

    public LoginActions(Accounts accounts, Carts carts, RateLimits limits) {
        this.accounts = accounts;
        this.carts = carts;
        this.throttle = new LoginThrottle(limits);
    }

    @Action
    public ActionResult login(LoginForm form, ActionContext ctx) {
        Optional<Accounts.Account> account = throttle.attempt(Accounts.normalizeEmail(form.email()), ctx.remoteAddress(),
                () -> accounts.login(form.email(), form.password()));
        if (account.isEmpty()) {
            return ActionResult.error(WRONG);
        }
        ctx.session().login(String.valueOf(account.get().id()), Set.of(account.get().role()));
        keepCart(ctx, carts, account.get().id());
        return ActionResult.redirect(safeNext(ctx.query("next")));
    }

    @Action
    public ActionResult logout(ActionContext ctx) {
        ctx.session().logout();
        return ActionResult.redirect("/login");
    }

    /**
     * The cart follows the customer: the one filled before signing in becomes the account's (merged with any
     * cart the account already had); without one, the account's cart comes back into the session.
     */
    public static void keepCart(ActionContext ctx, Carts carts, long userId) {
        String cartId = ctx.session().get(Carts.SESSION_KEY);
        if (cartId != null) {
            carts.moveToUser(cartId, userId);
        } else {
            carts.ofUser(userId).ifPresent(id -> ctx.session().put(Carts.SESSION_KEY, id));
        }
    }

    /**
     * Where to go after logging in: {@code next} if it is a path on this site (one leading '/', no scheme, no
     * host, no backslash or control character), else {@code /}. Anything else could send the visitor to
     * another site straight after they typed their password.
     */
    static String safeNext(String next) {
        if (next == null || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return next;
    }
}
