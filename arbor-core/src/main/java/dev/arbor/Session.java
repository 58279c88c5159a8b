package dev.arbor;

/**
 * The visitor's session: a few small string values kept in a cookie that is encrypted and authenticated
 * (AES-256-GCM under a key derived from the app secret), so it cannot be read or changed by the client and any
 * instance with the same secret can serve it. The cookie is {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Secure} over HTTPS (named {@code __Host-arbor_session} there), and expires after the session
 * lifetime. Keep it small: the whole session travels with every request (at most about 3 KB).
 *
 * <p>{@link #login} and {@link #logout} revoke the id they replace on the server, so a copy of the earlier cookie
 * opens nothing afterwards (see {@code Arbor.Builder.redis} to share revocations between instances).
 *
 * <pre>{@code
 * request.session().login(user.id(), Set.of("customer"));   // new session id: no fixation
 * String cart = request.session().get("cart");
 * request.session().logout();
 * }</pre>
 */
public interface Session {
    /** The session id; changes at {@link #login} and {@link #logout}. */
    String id();

    /** A value, or {@code null}. */
    String get(String key);

    /** Sets a value; the response carries the updated cookie. */
    void put(String key, String value);

    void remove(String key);

    /** The signed-in identity, or {@code null}. */
    Identity identity();

    /**
     * Signs {@code userId} in with {@code roles}: a fresh session id, the other values kept. The previous id is
     * revoked, and the CSRF anchor of forms replaced.
     */
    void login(String userId, java.util.Set<String> roles);

    /** Signs out: every value dropped, a fresh session id; the previous id is revoked, so a copy of the cookie is anonymous. */
    void logout();
}
