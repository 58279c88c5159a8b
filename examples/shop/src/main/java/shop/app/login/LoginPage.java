package shop.app.login;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.templates.Templates;

/** {@code /login}: the login form. {@code ?next=/path} says where to go after logging in. */
@Page("/login")
public final class LoginPage {
    private final Templates templates;

    public LoginPage(Templates templates) {
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.login(request.formState(LoginActions_.login));
    }
}
