package shop.app.api.posts;

import dev.arbor.Identity;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import shop.data.EventBus;
import shop.data.Posts;

/**
 * {@code GET /api/posts} lists posts, newest first; {@code POST /api/posts} creates one, written by the caller if
 * signed in (session or API key): then it is theirs to change, otherwise only administrators may.
 */
@Route("/api/posts")
@Public
public final class PostsRoute {
    /** The body of a new post. */
    public record NewPost(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 10_000) String content) {}

    private final Posts posts;
    private final EventBus events;

    public PostsRoute(Posts posts, EventBus events) {
        this.posts = posts;
        this.events = events;
    }

    public List<Posts.Post> get() {
        return posts.list();
    }

    public Response post(NewPost body, Request request) {
        Identity me = request.identity();
        Posts.Post post = posts.create(body.title(), body.content(), me == null ? null : Long.valueOf(me.userId()));
        events.publish("post.created", post);
        return Response.json(post, 201).header("Location", "/api/posts/" + post.id());
    }
}
