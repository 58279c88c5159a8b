package shop.app.posts;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Authenticated;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import shop.data.EventBus;
import shop.data.Posts;

/**
 * What the post forms do: create, update and delete posts. Anyone may write a post (a signed-in writer becomes its
 * author); only its author or an administrator may change or delete it, checked here, per post, because the
 * access policy only says who is signed in.
 */
@ServerActions
@Public
public final class PostActions {
    /** The post form. Both fields are required: a blank one comes back with "All fields required". */
    public record PostForm(@NotBlank(message = "All fields required") @Size(max = 200) String title,
                           @NotBlank(message = "All fields required") @Size(max = 10_000) String content) {}

    private final Posts posts;
    private final EventBus events;

    public PostActions(Posts posts, EventBus events) {
        this.posts = posts;
        this.events = events;
    }

    @Action
    public ActionResult createPost(PostForm form, ActionContext ctx) {
        Identity me = ctx.identity();
        Posts.Post post = posts.create(form.title(), form.content(), me == null ? null : Long.valueOf(me.userId()));
        events.publish("post.created", post);
        ctx.revalidatePath("/posts");
        return ActionResult.redirect("/posts/" + post.id());
    }

    @Action
    @Authenticated
    public ActionResult updatePost(long id, PostForm form, ActionContext ctx) {
        requireChangeable(id, ctx);
        if (!posts.update(id, form.title(), form.content())) {
            return ActionResult.notFound("Post not found");
        }
        ctx.revalidatePath("/posts");
        ctx.revalidatePath("/posts/" + id);
        return ActionResult.redirect("/posts/" + id);
    }

    @Action
    @Authenticated
    public ActionResult deletePost(long id, ActionContext ctx) {
        requireChangeable(id, ctx);
        if (!posts.delete(id)) {
            return ActionResult.notFound("Post not found");
        }
        ctx.revalidatePath("/posts");
        return ActionResult.redirect("/posts");
    }

    /** The object check of both actions: 404 when the post is gone, 403 when it is neither the caller's nor an administrator's. */
    private void requireChangeable(long id, ActionContext ctx) {
        Posts.Post post = posts.find(id).orElseThrow(() -> HttpError.notFound("Post not found"));
        if (!post.isChangeableBy(ctx.identity())) {
            throw HttpError.forbidden(Posts.NOT_YOURS);
        }
    }
}
