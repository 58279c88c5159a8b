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
 */
final class CookieSession implements Session {
    static final String NAME = "arbor_session";
    static final String SECURE_NAME = "__Host-arbor_session";
    private static final String PURPOSE = "arbor/session";
    private static final int MAX_COOKIE = 3800;
    private static final String USER = "_user";
    private static final String ROLES = "_roles";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keys keys;
    private final Duration lifetime;
    private final Clock clock;
    private String id;
    private long issuedAt;
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean changed;
    private boolean cleared;

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
                    return session;
                }
            } catch (HttpError | java.io.IOException ignored) {
                // Not a cookie this app sealed, or too old: start afresh.
            }
        }
        session.id = newId();
        return session;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void put(String key, String value) {
        if (key.startsWith("_")) {
            throw new IllegalArgumentException("session keys starting with '_' are the framework's");
        }
        values.put(key, value);
        changed = true;
    }

    @Override
    public void remove(String key) {
        changed |= values.remove(key) != null;
    }

    @Override
    public Identity identity() {
        String user = values.get(USER);
        if (user == null) {
            return null;
        }
        String roles = values.getOrDefault(ROLES, "");
        return new Identity(user, roles.isEmpty() ? Set.of() : Set.of(roles.split(",")));
    }

    @Override
    public void login(String userId, Set<String> roles) {
        id = newId();
        values.put(USER, userId);
        values.put(ROLES, String.join(",", new TreeSet<>(roles)));
        changed = true;
    }

    @Override
    public void logout() {
        id = newId();
        values.clear();
        changed = true;
        cleared = true;
    }

    /** Adds the updated cookie to the response if the session changed. */
    void writeTo(Response response, boolean https) {
        if (!changed) {
            return;
        }
        String name = https ? SECURE_NAME : NAME;
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

    static String cookieValue(Map<String, String> cookies) {
        String secure = cookies.get(SECURE_NAME);
        return secure != null ? secure : cookies.get(NAME);
    }
}
