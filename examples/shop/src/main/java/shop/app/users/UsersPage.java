package shop.app.users;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.data.Users;
import shop.templates.Templates;

/** {@code /users}: the user list, with one form using a server action and one using fetch against the API route. */
@Page("/users")
public final class UsersPage {
    private final Users users;
    private final Templates templates;

    public UsersPage(Users users, Templates templates) {
        this.users = users;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.users(users.list(), request.formState(UserActions_.addUser));
    }
}
