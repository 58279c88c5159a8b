package shop.app.signup;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Set;
import shop.app.login.LoginActions;
import shop.data.Accounts;
import shop.data.Carts;
import shop.data.Users;

/** The sign-up form's action: creates a customer account and signs it in. */
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

    private final Carts carts;

    public SignupActions(Accounts accounts, Carts carts) {
        this.accounts = accounts;
        this.carts = carts;
    }

    @Action
    public ActionResult createUser(SignupForm form, ActionContext ctx) {
        try {
            Accounts.Account account = accounts.create(form.name(), form.email(), form.password(), Accounts.CUSTOMER);
            ctx.session().login(String.valueOf(account.id()), Set.of(account.role()));
            LoginActions.keepCart(ctx, carts, account.id());
            ctx.revalidatePath("/users");
            return ActionResult.ok("Welcome, " + account.name() + "!");
        } catch (Users.EmailTaken taken) {
            return ActionResult.fieldError("email", "This email is already registered");
        }
    }
}
