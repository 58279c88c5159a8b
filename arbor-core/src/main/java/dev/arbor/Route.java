package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as an API route: it answers HTTP verbs on one path for callers outside the app's own UI
 * (webhooks, mobile apps, public APIs, OAuth callbacks, uploads, streams).
 *
 * <p>The class declares public methods named after the verbs it answers: {@code get}, {@code post},
 * {@code put}, {@code patch}, {@code delete}. Each takes a {@link Request}, one record bound from the body
 * (JSON or form, validated before the method runs), or both, and returns a {@link Response}, any object
 * (sent as JSON with status 200) or nothing (204). {@code HEAD} is answered from {@code get}, {@code OPTIONS}
 * by the framework.
 *
 * <p>Each verb method declares who may call it, or its class does for all of them: {@link Public},
 * {@link Authenticated}, {@link RolesAllowed}, {@link BearerAuth} or {@link Webhook}; the build fails without.
 *
 * <pre>{@code
 * @Route("/api/posts/{id}")
 * @Public
 * public final class PostRoute {
 *     private final Posts posts;
 *     public PostRoute(Posts posts) { this.posts = posts; }
 *
 *     public Response get(Request request) {
 *         return posts.find(request.pathLong("id")).map(Response::json)
 *                 .orElseGet(() -> Response.json(Map.of("error", "Post not found"), 404));
 *     }
 * }
 * }</pre>
 *
 * <p>Path segments are literal ({@code users}), a parameter ({@code {id}}) or, last, a catch-all
 * ({@code {rest...}}). Literal segments win over parameters, parameters over catch-alls. The annotation
 * processor finds route classes at compile time; the class is built once, at start-up, with its constructor
 * arguments taken from the app's {@link Services}, and must therefore be safe to call from many threads.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Route {
    /** The path pattern, such as {@code /api/posts/{id}}. */
    String value();

    /** Largest request body this route accepts, in bytes; {@code -1} keeps the app's {@link Limits}. */
    long maxBodySize() default -1;
}
