package dev.arbor.internal.http;

import dev.arbor.spi.Access;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Request;
import dev.arbor.Response;
import java.util.List;

/**
 * Enforces the access policy an action or route verb declared, before anything of it runs (no binding, no
 * bound values, no handler code). The only place the policies are interpreted.
 */
final class AccessGuard {
    private static final String INVALID_TOKEN = "invalid-token";

    private AccessGuard() {}

    /**
     * The 401 for a request whose bearer token authenticates nobody, or {@code null}. Asked first, for routes and
     * pages alike: such a request is never served as the user of the cookie beside it, nor as nobody.
     */
    static HttpError invalidCredential(Caller caller) {
        return caller.sentInvalidBearer() ? new HttpError(401, INVALID_TOKEN,
                "The bearer token is not valid: it is unknown, expired or revoked", List.of()) : null;
    }

    /**
     * The answer to a refusal from this guard, its body a page or a problem as {@link ErrorPages#refusal} chooses,
     * with the challenge of RFC 6750 on a 401 about a bearer token: the one sent was not valid, or a route that
     * takes only bearer tokens got none.
     */
    static Response answer(Exchange exchange, HttpError refused, Access access) {
        Response answer = ErrorPages.refusal(exchange, refused);
        if (refused.status() != 401) {
            return answer;
        }
        if (INVALID_TOKEN.equals(refused.type())) {
            return answer.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        return access != null && access.kind() == Access.Kind.BEARER ? answer.header("WWW-Authenticate", "Bearer") : answer;
    }

    /** Why {@code request} may not call what {@code access} guards (401 or 403), or {@code null} if it may. */
    static HttpError refusal(Access access, Request request) {
        return switch (access.kind()) {
            case PUBLIC, WEBHOOK -> null;
            case AUTHENTICATED -> request.identity() == null ? HttpError.unauthorized("Sign in first") : null;
            case BEARER -> request.identity() == null
                    ? HttpError.unauthorized("Send a valid token: Authorization: Bearer <token>") : null;
            case ROLES -> {
                Identity identity = request.identity();
                if (identity == null) {
                    yield HttpError.unauthorized("Sign in first");
                }
                yield access.roles().stream().anyMatch(identity::hasRole) ? null
                        : HttpError.forbidden("This needs the role "
                        + String.join(" or ", access.roles().stream().sorted().map(role -> "'" + role + "'").toList()));
            }
        };
    }
}
