package shop.app.posts;

import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import shop.data.Posts;
import shop.templates.Templates;

/**
 * {@code /posts/{id}/edit}: the form that calls {@link PostActions#updatePost}, for the post's author or an
 * administrator; signed out, the login page first; anyone else, 403. Only a courtesy: the action checks again.
 */
@Page("/posts/{id}/edit")
public final class EditPostPage {
    private final Posts posts;
    private final Templates templates;

    public EditPostPage(Posts posts, Templates templates) {
        this.posts = posts;
        this.templates = templates;
    }

    public Response get(Request request) {
        Posts.Post post = posts.find(request.pathLong("id")).orElseThrow(() -> HttpError.notFound("Post not found"));
        Identity me = request.identity();
        if (me == null) {
            return Response.redirect("/login?next=/posts/" + post.id() + "/edit");
        }
        if (!post.isChangeableBy(me)) {
            throw HttpError.forbidden(Posts.NOT_YOURS);
        }
        return Response.html(templates.postsEdit(post, request.formState(PostActions_.updatePost)));
    }
}
