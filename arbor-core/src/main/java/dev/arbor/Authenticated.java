package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access policy: only a signed-in caller (a session login, or a bearer token the app's
 * {@link Arbor.Builder#bearerTokens resolver} accepts) may call this action or route verb. Anyone else gets
 * 401 before anything of it runs: no binding, no bound values opened, no handler code. A no-JS form post gets a
 * 401 HTML page, the client runtime and routes a 401 {@code application/problem+json}.
 *
 * <p>Goes on a method or, as the default of every action or verb in it, on the class. Whether the caller may
 * touch <em>this</em> object (their own order, not another's) is still checked inside.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {}
