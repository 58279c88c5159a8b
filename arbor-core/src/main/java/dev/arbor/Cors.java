package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allows cross-origin browser calls to one {@link Route}. The framework answers the preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) itself and adds the
 * {@code Access-Control-*} headers to the route's answers for allowed origins only.
 * For a whole path prefix use {@link Arbor.Builder#cors(String, CorsPolicy)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Cors {
    /** Allowed origins, such as {@code https://app.example.com}; {@code *} allows any (never with credentials). */
    String[] origins();

    /** Allowed methods; empty means the verbs the route answers. */
    String[] methods() default {};

    /** Request headers a caller may send, such as {@code Authorization}. */
    String[] headers() default {};

    /** Response headers the browser may expose to the caller's script. */
    String[] exposeHeaders() default {};

    /** Whether cookies and HTTP authentication may be sent. */
    boolean credentials() default false;

    /** How long a browser may cache the preflight answer. */
    long maxAgeSeconds() default 600;
}
