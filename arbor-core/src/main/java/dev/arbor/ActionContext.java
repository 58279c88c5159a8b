package dev.arbor;

/**
 * What an action sees of its request: the same {@link Request} routes and pages get (path and query, headers,
 * cookies, the session and the caller's identity), including what it may ask of the framework, such as
 * {@link #revalidatePath} and {@link #revalidateTag} to drop cached pages so the next render shows fresh data.
 *
 * <pre>{@code
 * @Action
 * public ActionResult createPost(NewPost post, ActionContext ctx) {
 *     long id = posts.create(ctx.requireUser().userId(), post);
 *     ctx.revalidatePath("/posts");
 *     return ActionResult.redirect("/posts/" + id);
 * }
 * }</pre>
 *
 * <p>It names the request an action takes; the framework hands an action the very request object of its post.
 */
public interface ActionContext extends Request {
}
