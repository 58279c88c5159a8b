package shop.app.posts;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.templates.Templates;

/** {@code /posts/new}: the form that calls {@link PostActions#createPost}. */
@Page("/posts/new")
public final class NewPostPage {
    private final Templates templates;

    public NewPostPage(Templates templates) {
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.postsNew(request.formState(PostActions_.createPost));
    }
}
