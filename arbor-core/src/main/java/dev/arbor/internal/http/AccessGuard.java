package dev.arbor.internal.http;

import dev.arbor.Access;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Request;

/**
 * Enforces the access policy an action or route verb declared, before anything of it runs (no binding, no
 * bound values, no handler code). The only place the policies are interpreted.
 */
final class AccessGuard {
    private AccessGuard() {}

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
