package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A server action: a method a form calls. Its parameters are, in any order: at most one record bound from
 * the submitted form (validated before the method runs), an {@link ActionContext}, and any number of
 * <em>bound</em> values that the page fixed when it rendered the form
 * ({@code PostActions_.deletePost.bind(post.id())}); those travel encrypted and authenticated. It returns an
 * {@link ActionResult}.
 *
 * <p>It also needs an access policy, its own or its class's: {@link Public}, {@link Authenticated} or
 * {@link RolesAllowed}; the build fails without one.
 *
 * <pre>{@code
 * @Action
 * @Authenticated
 * public ActionResult createPost(NewPost post, ActionContext ctx) {
 *     long id = posts.create(post.title(), post.content());
 *     ctx.revalidatePath("/posts");
 *     return ActionResult.redirect("/posts/" + id);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Action {
    /**
     * The largest request this action accepts, in bytes, if smaller than the app's limits (1 MiB for forms,
     * 50 MiB for uploads); a larger one answers 413 and the action does not run.
     */
    long maxBodySize() default -1;
}
