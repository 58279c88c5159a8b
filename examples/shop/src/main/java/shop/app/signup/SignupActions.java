package shop.app.signup;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.Users;

/** The sign-up form's action. */
@ServerActions
public final class SignupActions {
    /** What the sign-up form sends. */
    public record SignupForm(@NotBlank(message = "Enter your name") @Size(max = 100) String name,
                             @NotBlank(message = "Enter your email") @Email(message = "Enter a valid email") @Size(max = 254) String email) {}

    private final Users users;

    public SignupActions(Users users) {
        this.users = users;
    }

    @Action
    public ActionResult createUser(SignupForm form, ActionContext ctx) {
        try {
            Users.User user = users.create(form.name(), form.email());
            ctx.revalidatePath("/users");
            return ActionResult.ok("Welcome, " + user.name() + "!");
        } catch (Users.EmailTaken taken) {
            return ActionResult.fieldError("email", "This email is already registered");
        }
    }
}
