package shop.app.posts;

import dev.arbor.HttpError;
import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.data.Posts;
import shop.templates.Templates;

/** {@code /posts/{id}/edit}: the form that calls {@link PostActions#updatePost}. */
@Page("/posts/{id}/edit")
public final class EditPostPage {
    private final Posts posts;
    private final Templates templates;

    public EditPostPage(Posts posts, Templates templates) {
        this.posts = posts;
        this.templates = templates;
    }

    public Content get(Request request) {
        Posts.Post post = posts.find(request.pathLong("id")).orElseThrow(() -> HttpError.notFound("Post not found"));
        return templates.postsEdit(post, request.formState(PostActions_.updatePost));
    }
}
