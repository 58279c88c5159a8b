package shop.app.account;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Authenticated;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.Accounts;

/**
 * What a signed-in customer changes about their own account. {@code @Authenticated}: anyone else is answered 401
 * before the form is even bound. Whose account it is comes from the session, never from the form.
 */
@ServerActions
@Authenticated
public final class AccountActions {
    /** The new display name. */
    public record NameForm(@NotBlank(message = "Enter your name") @Size(max = 100, message = "At most 100 characters") String name) {}

    private final Accounts accounts;

    public AccountActions(Accounts accounts) {
        this.accounts = accounts;
    }

    @Action
    public ActionResult rename(NameForm form, ActionContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.identity().userId());
        } catch (NumberFormatException e) {
            return ActionResult.forbidden("Only shop accounts have a name to change");
        }
        if (!accounts.rename(id, form.name())) {
            return ActionResult.notFound("Your account no longer exists");
        }
        return ActionResult.ok("Your name is now " + form.name().strip());
    }
}
