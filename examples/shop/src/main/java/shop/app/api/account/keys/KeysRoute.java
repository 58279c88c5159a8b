package shop.app.api.account.keys;

import dev.arbor.Authenticated;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.List;
import java.util.Map;
import shop.data.Accounts;

/**
 * {@code POST /api/account/keys}: issues an API key for the signed-in user and answers 201 with its token, shown
 * this once (only its hash is stored). Needs a session: a bearer token cannot mint more tokens. As a route
 * authenticated by a cookie, it refuses requests a browser marks as coming from another site, since routes,
 * unlike actions, get no CSRF check from the framework.
 */
@Route("/api/account/keys")
@Authenticated
public final class KeysRoute {
    private final Accounts accounts;

    public KeysRoute(Accounts accounts) {
        this.accounts = accounts;
    }

    public Response post(Request request) {
        refuseCrossSite(request);
        Identity user = request.session().identity();
        if (user == null) {
            throw HttpError.unauthorized("Sign in first: API keys are issued to a signed-in session");
        }
        Accounts.IssuedKey key = accounts.issueKey(Long.parseLong(user.userId()));
        return Response.json(Map.of("id", key.id(), "token", key.token()), 201).header("Cache-Control", "no-store");
    }

    /**
     * 403 unless the browser says the request comes from this site: {@code Sec-Fetch-Site} {@code same-origin}
     * (or {@code none}, typed by the user), else an {@code Origin} equal to this server's own. Clients that
     * send neither (curl, mobile apps) are not browsers carrying someone else's cookie.
     */
    private static void refuseCrossSite(Request request) {
        String site = request.header("Sec-Fetch-Site");
        String origin = request.header("Origin");
        boolean crossSite = site != null
                ? !site.equals("same-origin") && !site.equals("none")
                : origin != null && !origin.equalsIgnoreCase((request.secure() ? "https://" : "http://") + request.header("Host"));
        if (crossSite) {
            throw new HttpError(403, "csrf", "Cross-site request refused", List.of());
        }
    }
}
