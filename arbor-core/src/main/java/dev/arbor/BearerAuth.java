package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access policy for API routes called by programs, not browsers: the caller must send
 * {@code Authorization: Bearer <token>} that the app's {@link Arbor.Builder#bearerTokens resolver} turns into an
 * {@link Identity}; otherwise 401 with {@code WWW-Authenticate: Bearer}, and the route does not run.
 *
 * <p>Such a route never reads the session cookie: {@link Request#session()} is empty and
 * {@link Request#identity()} is the token's owner or nothing. So a cross-site form post, which carries the
 * victim's cookies but cannot set an {@code Authorization} header, never runs as the victim; that is why these
 * routes need no CSRF token. Routes only, not actions.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BearerAuth {}
