package shop.app.api.admin;

import dev.arbor.RolesAllowed;
import dev.arbor.Route;
import java.util.List;
import shop.data.Accounts;

/** {@code GET /api/admin/users}: every user with their role, for administrators: 401 without a session, 403 without the role. */
@Route("/api/admin/users")
@RolesAllowed(Accounts.ADMIN)
public final class AdminUsersRoute {
    private final Accounts accounts;

    public AdminUsersRoute(Accounts accounts) {
        this.accounts = accounts;
    }

    public List<Accounts.Account> get() {
        return accounts.list();
    }
}
