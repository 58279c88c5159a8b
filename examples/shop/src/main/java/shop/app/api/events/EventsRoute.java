package shop.app.api.events;

import dev.arbor.Public;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;
import shop.data.EventBus;

/** {@code GET /api/events}: a Server-Sent Events stream of what happens in the shop (users, posts). */
@Route("/api/events")
@Public
public final class EventsRoute {
    private final EventBus events;

    public EventsRoute(EventBus events) {
        this.events = events;
    }

    public Response get() {
        return Response.sse(stream -> {
            events.subscribe(stream);
            stream.send("ready", Map.of("listeners", events.listeners()));
        });
    }
}
