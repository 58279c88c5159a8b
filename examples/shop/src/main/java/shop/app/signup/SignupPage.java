package shop.app.signup;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.templates.Templates;

/** {@code /signup}: the sign-up form. */
@Page("/signup")
public final class SignupPage {
    private final Templates templates;

    public SignupPage(Templates templates) {
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.signup(request.formState(SignupActions_.createUser));
    }
}
