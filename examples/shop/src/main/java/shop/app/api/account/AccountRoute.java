package shop.app.api.account;

import dev.arbor.Authenticated;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Request;
import dev.arbor.Route;
import shop.data.Accounts;

/**
 * {@code GET /api/account}: the caller's account, signed in by session or by {@code Authorization: Bearer <API key>};
 * 401 otherwise.
 */
@Route("/api/account")
@Authenticated
public final class AccountRoute {
    /**
     * The caller. {@code session} is the id of the session they are signed in with (it changes at every login
     * and logout), or null when they called with an API key. It is no secret: the session itself lives in a sealed
     * cookie, and its id opens nothing.
     */
    public record Caller(long id, String name, String email, String role, String session) {}

    private final Accounts accounts;

    public AccountRoute(Accounts accounts) {
        this.accounts = accounts;
    }

    public Caller get(Request request) {
        Identity caller = request.requireUser();
        Accounts.Account account = accounts.find(Long.parseLong(caller.userId()))
                .orElseThrow(() -> HttpError.unauthorized("Sign in first"));
        String session = request.session().identity() != null ? request.session().id() : null;
        return new Caller(account.id(), account.name(), account.email(), account.role(), session);
    }
}
