package shop.app.account;

import dev.arbor.Identity;
import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import java.util.Optional;
import shop.app.login.LoginActions_;
import shop.data.Accounts;
import shop.templates.Templates;

/**
 * {@code /account}: who is signed in, with the logout button and a form to change one's name; without a session, a
 * redirect to the login page. The page redirecting protects nothing by itself: {@link AccountActions} carries its own
 * {@code @Authenticated}.
 */
@Page("/account")
public final class AccountPage {
    private final Accounts accounts;
    private final Templates templates;

    public AccountPage(Accounts accounts, Templates templates) {
        this.accounts = accounts;
        this.templates = templates;
    }

    public Response get(Request request) {
        Identity identity = request.session().identity();
        Optional<Accounts.Account> account = identity == null ? Optional.empty() : accounts.find(Long.parseLong(identity.userId()));
        if (account.isEmpty()) {
            return Response.redirect("/login?next=/account");
        }
        return Response.html(templates.account(account.get(), request.formState(LoginActions_.logout),
                request.formState(AccountActions_.rename)));
    }
}
