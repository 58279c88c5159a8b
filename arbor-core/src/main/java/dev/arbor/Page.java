package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a page: a server-rendered HTML document at a path, whose forms call
 * {@link ServerActions server actions} by POSTing back to the same path.
 *
 * <p>The class declares {@code public Response get(Request request)} (or returns {@link gg.jte.Content},
 * such as a typed JTE template model, which is rendered as HTML). Path patterns and constructor injection
 * work as for {@link Route}. Throw {@link HttpError#notFound(String)}, {@link HttpError#forbidden(String)} or
 * return {@link Response#redirect(String)} from page code for 404/403/303.
 *
 * <pre>{@code
 * @Page("/posts/{id}")
 * public final class PostPage {
 *     public Content get(Request request) {
 *         Post post = posts.find(request.pathLong("id")).orElseThrow(() -> HttpError.notFound("No such post"));
 *         return templates.postsShow(post, request.formState(PostActions_.deletePost));
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Page {
    /** The path pattern, such as {@code /posts/{id}}. */
    String value();

    /**
     * Seconds the rendered HTML may be served from cache (stale-while-revalidate); 0, the default, renders on
     * every request. {@code revalidatePath} and {@code revalidateTag} drop cached pages at once.
     */
    int revalidate() default 0;

    /**
     * The query parameters a cached page reads, such as {@code query = "page"}. They key its cache: {@code
     * /products?page=2} and {@code /products?page=3} are two entries, while parameters not named here are ignored
     * ({@code /products?utm_source=x} is served {@code /products}), so a visitor cannot fill the cache by
     * making up query strings. A cached render sees only these parameters; reading any other one fails with a
     * message naming this attribute. Pages without {@code revalidate} read any parameter and need not list them.
     */
    String[] query() default {};
}
