package dev.arbor.internal.http;

import dev.arbor.Identity;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.state.SharedState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What sessions need from the server: the keys, the lifetime, the app's bearer-token resolver, and the shared
 * state where retired session ids are remembered.
 */
public record Sessions(Keys keys, Duration lifetime, Function<String, Optional<Identity>> tokens, Clock clock, SharedState state) {
    CookieSession load(String cookie) {
        return CookieSession.load(cookie, keys, lifetime, clock).revokedIn(state);
    }

    /** Whether the app turns bearer tokens into identities; without a resolver a bearer header is no credential. */
    boolean resolvesTokens() {
        return tokens != null;
    }

    Identity resolveToken(String token) {
        return tokens == null ? null : tokens.apply(token).orElse(null);
    }
}
