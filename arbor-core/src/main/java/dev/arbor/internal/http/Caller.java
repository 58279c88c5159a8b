package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Response;
import dev.arbor.spi.Access;
import java.util.List;

/**
 * Who is calling, worked out once per request: the owner of a bearer token the app resolves, else the session
 * cookie's user, never both; and whether anything asked, which makes the answer the caller's own. The session is
 * loaded on first use; the framework's own checks ask without making the answer depend on the caller.
 */
final class Caller {
    private static final String AUTHORIZATION = "Authorization";

    private final ArborRequest request;
    private final Sessions sessions;
    private CookieSession session;
    private boolean readsSession = true;
    private boolean readsBearer = true;
    private boolean bearerResolved;
    private boolean bearerSent;
    private Identity bearerIdentity;
    /** Whether anything asked who the caller is: the answer then depends on it, see {@link #read()}. */
    private boolean read;

    Caller(ArborRequest request, Sessions sessions) {
        this.request = request;
        this.sessions = sessions;
    }

    /**
     * Applies what a {@code @BearerAuth} or {@code @Webhook} route may see of the caller: never the session cookie
     * (an empty session that is never written back), and for a webhook no bearer token either. Called before
     * anything asks who the caller is: the answer is worked out once.
     */
    void limitCredentials(Access access) {
        readsSession = access.readsSession();
        readsBearer = access.kind() != Access.Kind.WEBHOOK;
    }

    CookieSession session() {
        read = true;
        if (session == null) {
            session = sessions.load(readsCookie() ? request.cookie(CookieSession.cookieName(request.secure())) : null);
        }
        return session;
    }

    /** The bearer token the request sent, for the app: the answer now depends on who called. */
    String bearerToken() {
        read = true;
        return sentBearerToken();
    }

    /**
     * The bearer token, refusing a request with two {@code Authorization} headers (400): a proxy in front may have
     * checked one, and this would have used the other. For the framework's own checks, which do not make the answer
     * depend on the caller.
     */
    private String sentBearerToken() {
        if (request.header(AUTHORIZATION) == null) {
            return null; // most requests: asked on every one, so no list is made for them
        }
        List<String> authorization = request.headers(AUTHORIZATION);
        if (authorization.size() > 1) {
            throw HttpError.badRequest("Send one Authorization header, not " + authorization.size());
        }
        return request.parseBearerToken();
    }

    /**
     * Works out once which credential authenticates the request. Only a {@code Bearer} token the app resolves is
     * one: browsers attach {@code Basic} and {@code Negotiate} credentials by themselves, so those leave the
     * request to its cookie. The app's resolver may be a database or network call, and everything asks.
     */
    private void resolveBearer() {
        if (bearerResolved) {
            return;
        }
        String token = readsBearer ? sentBearerToken() : null;
        // An app that resolves no tokens reads none: its routes may check the header themselves.
        bearerSent = token != null && sessions.resolvesTokens();
        // "Bearer" with no token names nobody; the app's resolver is not asked about an empty string.
        bearerIdentity = bearerSent && !token.isEmpty() ? sessions.resolveToken(token) : null;
        bearerResolved = true;
    }

    /** Whether the request sent a bearer token that authenticates nobody: refused, never served as the cookie's user. */
    boolean sentInvalidBearer() {
        resolveBearer();
        return bearerSent && bearerIdentity == null;
    }

    /**
     * The {@code Authorization} header when the framework authenticated nobody by it (an app without a token
     * resolver, another scheme, a webhook), else null. The route may check it itself, so what the route answers
     * may belong to whoever holds that header.
     */
    String unresolvedAuthorization() {
        resolveBearer();
        List<String> authorization = request.headers(AUTHORIZATION);
        return bearerSent || authorization.isEmpty() ? null : String.join("\n", authorization);
    }

    /**
     * Whether the session cookie authenticates this request: not on {@code @BearerAuth} and {@code @Webhook}
     * routes, nor when a bearer token does. Only such a request can be forged cross-site.
     */
    boolean readsCookie() {
        resolveBearer();
        return readsSession && !bearerSent;
    }

    /** The owner of the request's bearer token if it sent one, else the session's signed-in user; never both. */
    Identity identity() {
        read = true;
        return readsCookie() ? session().identity() : bearerIdentity;
    }

    /**
     * Whether the session, the identity or the bearer token was read, by the route, its access check or the
     * idempotency scope: then the answer may differ between callers and must not be kept by a shared cache.
     */
    boolean read() {
        return read;
    }

    /** Adds the session cookie to the answer if the session changed. */
    void writeSession(Response answer) {
        if (session != null && readsCookie()) {
            session.writeTo(answer, request.secure());
        }
    }

    /** The CSRF anchor a login or logout in this request chose, which the page rendered after it must use; or null. */
    String rotatedAnchor() {
        return session == null ? null : session.rotatedAnchor();
    }
}
