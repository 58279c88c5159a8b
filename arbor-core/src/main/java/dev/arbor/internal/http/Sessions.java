package dev.arbor.internal.http;

import dev.arbor.Identity;
import dev.arbor.internal.action.Keys;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** What sessions need from the server: the keys, the lifetime, and the app's bearer-token resolver. */
public record Sessions(Keys keys, Duration lifetime, Function<String, Optional<Identity>> tokens, Clock clock) {
    CookieSession load(String cookie) {
        return CookieSession.load(cookie, keys, lifetime, clock);
    }

    Identity resolveToken(String token) {
        return tokens == null ? null : tokens.apply(token).orElse(null);
    }
}
