package shop.app.users;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.RolesAllowed;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.Accounts;
import shop.data.Users;

/**
 * The action half of the {@code /users} page's side-by-side example. Adding users is for administrators: they may
 * be told that an address is taken, which a stranger must not learn (sign-up never says it).
 */
@ServerActions
@RolesAllowed(Accounts.ADMIN)
public final class UserActions {
    /** The form's fields. */
    public record NewUser(@NotBlank(message = "Enter a name") @Size(max = 100) String name,
                          @NotBlank(message = "Enter an email") @Email(message = "Enter a valid email") @Size(max = 254) String email) {}

    private final Users users;

    public UserActions(Users users) {
        this.users = users;
    }

    @Action
    public ActionResult addUser(NewUser user, ActionContext ctx) {
        try {
            users.create(user.name(), user.email());
        } catch (Users.EmailTaken taken) {
            return ActionResult.fieldError("email", "This email is already registered");
        }
        ctx.revalidatePath("/users");
        return ActionResult.ok("Added " + user.name());
    }
}
