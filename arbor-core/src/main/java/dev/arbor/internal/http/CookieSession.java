package dev.arbor.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.Cookie;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Response;
import dev.arbor.Session;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.bind.Json;
import dev.arbor.internal.state.SharedState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Session} stored in one sealed cookie. Loaded from the request on first use; if changed, the
 * response carries the new cookie ({@link #writeTo}). A cookie that does not open (altered, from another
 * secret, expired) is treated as no session at all.
 *
 * <p>A sealed cookie cannot be taken back from the client, so login and logout also write the id they retire
 * to the {@link SharedState} ({@code arbor:revoked:<id>}, kept for one session lifetime, after which no cookie
 * with that id opens anyway). A cookie is checked against that list once per request, and only when its
 * contents are about to be trusted: a request without a session cookie, or one that only asks who is signed in
 * while the cookie holds nobody, makes no lookup. A revoked cookie is treated as no session, and the response
 * deletes it.
 */
final class CookieSession implements Session {
    static final String NAME = "arbor_session";
    static final String SECURE_NAME = "__Host-arbor_session";
    private static final String PURPOSE = "arbor/session";
    private static final int MAX_COOKIE = 3800;
    private static final String USER = "_user";
    private static final String ROLES = "_roles";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REVOKED = "arbor:revoked:";
    private static final byte[] MARK = {1};

    private final Keys keys;
    private final Duration lifetime;
    private final Clock clock;
    private String id;
    private long issuedAt;
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean changed;
    private boolean cleared;
    private SharedState revocations;
    // Whether the id came from the client's cookie, and whether it was looked up in the revocations yet.
    private boolean fromCookie;
    private boolean unverified;
    private String rotatedAnchor;

    private CookieSession(Keys keys, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The session of a request's cookie, or a fresh empty one. */
    static CookieSession load(String cookie, Keys keys, Duration lifetime, Clock clock) {
        CookieSession session = new CookieSession(keys, lifetime, clock);
        if (cookie != null && cookie.length() <= MAX_COOKIE) {
            try {
                JsonNode node = Json.mapper().readTree(keys.open(PURPOSE, cookie));
                long issued = node.path("iat").asLong();
                if (clock.millis() / 1000 - issued <= lifetime.toSeconds() && node.path("id").isTextual()) {
                    session.id = node.get("id").asText();
                    session.issuedAt = issued;
                    node.path("d").properties().forEach(e -> session.values.put(e.getKey(), e.getValue().asText()));
                    // Sealed with a key on its way out of the ring: seal it again with the current one, so that a
                    // visit inside the rotation window keeps the session past the window's end.
                    session.changed = keys.sealedWithPreviousKey(cookie);
                    session.fromCookie = true;
                    session.unverified = true;
                    return session;
                }
            } catch (HttpError | java.io.IOException ignored) {
                // Not a cookie this app sealed, or too old: start afresh.
            }
        }
        session.id = newId();
        return session;
    }

    /** Checks this session's id against {@code state} before trusting it, and records ids retired there. */
    CookieSession revokedIn(SharedState state) {
        this.revocations = state;
        return this;
    }

    /** Forgets the cookie's contents if its id was revoked (the client replays a cookie it should have dropped). */
    private void verify() {
        if (!unverified) {
            return;
        }
        unverified = false;
        if (revocations != null && revocations.get(REVOKED + id) != null) {
            id = newId();
            values.clear();
            fromCookie = false;
            changed = true;
            cleared = true;
        }
    }

    /** Remembers the current id as revoked if a client holds a cookie carrying it. */
    private void retire() {
        if (fromCookie && revocations != null) {
            // A minute more than the lifetime, for clocks that differ between instances.
            revocations.put(REVOKED + id, MARK, lifetime.plusMinutes(1));
        }
        fromCookie = false;
        rotatedAnchor = newId();
    }

    /** The new CSRF anchor ({@code arbor_csrf}) chosen at login or logout, or null if the session did not rotate. */
    String rotatedAnchor() {
        return rotatedAnchor;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String id() {
        verify();
        return id;
    }

    @Override
    public String get(String key) {
        verify();
        return values.get(key);
    }

    @Override
    public void put(String key, String value) {
        if (key.startsWith("_")) {
            throw new IllegalArgumentException("session keys starting with '_' are the framework's");
        }
        verify();
        values.put(key, value);
        changed = true;
    }

    @Override
    public void remove(String key) {
        verify();
        changed |= values.remove(key) != null;
    }

    @Override
    public Identity identity() {
        if (values.get(USER) == null) {
            // Nobody to trust, so nothing to look up: anonymous requests cost no round trip.
            return null;
        }
        verify();
        String user = values.get(USER);
        if (user == null) {
            return null;
        }
        String roles = values.getOrDefault(ROLES, "");
        return new Identity(user, roles.isEmpty() ? Set.of() : Set.of(roles.split(",")));
    }

    @Override
    public void login(String userId, Set<String> roles) {
        verify();
        retire();
        id = newId();
        values.put(USER, userId);
        values.put(ROLES, String.join(",", new TreeSet<>(roles)));
        changed = true;
    }

    @Override
    public void logout() {
        verify();
        if (values.get(USER) != null) {
            // An anonymous "logout" retires nothing: it would let anyone grow the revocation store at will.
            retire();
        } else {
            rotatedAnchor = newId();
        }
        id = newId();
        values.clear();
        changed = true;
        cleared = true;
    }

    /** Adds the updated cookie to the response if the session changed. */
    void writeTo(Response response, boolean https) {
        if (rotatedAnchor != null) {
            // A CSRF token minted before the login or logout, perhaps by whoever planted the old cookie, is void.
            response.cookie(Cookie.of(Exchange.anchorName(https), rotatedAnchor));
        }
        if (!changed) {
            return;
        }
        String name = cookieName(https);
        if (cleared && values.isEmpty()) {
            response.cookie(Cookie.delete(name).secure(https));
            return;
        }
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", id);
        node.put("iat", clock.millis() / 1000);
        ObjectNode data = node.putObject("d");
        values.forEach(data::put);
        String sealed = keys.seal(PURPOSE, Json.write(node), lifetime);
        if (sealed.length() > MAX_COOKIE) {
            throw new IllegalStateException("the session has grown past " + MAX_COOKIE + " bytes; keep large data in the database");
        }
        response.cookie(Cookie.of(name, sealed).maxAge(lifetime).secure(https));
    }

    /**
     * The session cookie's name: over HTTPS only the {@code __Host-} one is read, which a sibling subdomain or a
     * plain-HTTP page cannot set; a plain one there may have been tossed in to plant someone else's session.
     */
    static String cookieName(boolean https) {
        return https ? SECURE_NAME : NAME;
    }
}
