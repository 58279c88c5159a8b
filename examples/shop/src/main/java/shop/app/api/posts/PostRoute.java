package shop.app.api.posts;

import dev.arbor.Authenticated;
import dev.arbor.HttpError;
import dev.arbor.Identity;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;
import shop.data.EventBus;
import shop.data.Posts;

/**
 * {@code GET /api/posts/{id}} answers the post to anyone; {@code DELETE} removes it for its author or an
 * administrator (401 signed out, 403 for anyone else). Both answer 404 for an unknown id.
 */
@Route("/api/posts/{id}")
@Public
public final class PostRoute {
    private static final Map<String, String> NOT_FOUND = Map.of("error", "Post not found");

    private final Posts posts;
    private final EventBus events;

    public PostRoute(Posts posts, EventBus events) {
        this.posts = posts;
        this.events = events;
    }

    public Response get(Request request) {
        return posts.find(request.pathLong("id"))
                .map(Response::json)
                .orElseGet(() -> Response.json(NOT_FOUND, 404));
    }

    @Authenticated
    public Response delete(Request request) {
        long id = request.pathLong("id");
        Posts.Post post = posts.find(id).orElse(null);
        if (post == null) {
            return Response.json(NOT_FOUND, 404);
        }
        Identity me = request.identity();
        if (!post.isChangeableBy(me)) {
            throw HttpError.forbidden(Posts.NOT_YOURS);
        }
        if (!posts.delete(id)) {
            return Response.json(NOT_FOUND, 404);
        }
        events.publish("post.deleted", Map.of("id", id));
        return Response.json(Map.of("success", true));
    }
}
