package shop.app.posts;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.data.Posts;
import shop.templates.Templates;

/** {@code /posts}: every post, newest first. */
@Page("/posts")
public final class PostsPage {
    private final Posts posts;
    private final Templates templates;

    public PostsPage(Posts posts, Templates templates) {
        this.posts = posts;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.postsIndex(posts.list());
    }
}
