package shop.app.signup;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.Accounts;
import shop.data.Users;

/** The sign-up form's action: creates a customer account, who then logs in with the login form. */
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

    public SignupActions(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Creates the account, or does nothing if the address has one, and answers both the same way: the visitor is
     * not signed in and is asked to log in. Otherwise a stranger could learn which addresses have accounts by
     * signing up with them. Both paths hash the password (Argon2id, the bulk of the work) before the insert that
     * the unique constraint refuses, so they take about as long.
     */
    @Action
    public ActionResult createUser(SignupForm form, ActionContext ctx) {
        try {
            accounts.create(form.name(), form.email(), form.password(), Accounts.CUSTOMER);
        } catch (Users.EmailTaken taken) {
            // The owner keeps the account and its password; nothing tells the visitor.
        }
        ctx.revalidatePath("/users"); // either way, so that not even the page cache differs
        return ActionResult.ok(welcome(form));
    }

    /** The one answer to every sign-up, built only from what the visitor typed. */
    static String welcome(SignupForm form) {
        return "Thanks, " + form.name().strip() + "! Log in as " + form.email().strip() + " to continue.";
    }
}
