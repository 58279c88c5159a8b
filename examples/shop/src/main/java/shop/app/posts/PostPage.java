package shop.app.posts;

import dev.arbor.HttpError;
import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.data.Posts;
import shop.templates.Templates;

/** {@code /posts/{id}}: one post, with its edit link and delete button for its author or an administrator. */
@Page("/posts/{id}")
public final class PostPage {
    private final Posts posts;
    private final Templates templates;

    public PostPage(Posts posts, Templates templates) {
        this.posts = posts;
        this.templates = templates;
    }

    public Content get(Request request) {
        Posts.Post post = posts.find(request.pathLong("id")).orElseThrow(() -> HttpError.notFound("Post not found"));
        return templates.postsShow(post, post.isChangeableBy(request.identity()), request.formState(PostActions_.deletePost));
    }
}
