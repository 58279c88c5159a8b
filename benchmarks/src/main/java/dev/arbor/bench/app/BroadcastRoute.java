package dev.arbor.bench.app;

import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;
import shop.data.EventBus;

/**
 * {@code POST /bench/broadcast?count=N}: sends N events to every client listening on the shop's
 * {@code /api/events}, each carrying its send time so the load client can measure delivery latency.
 */
@Route("/bench/broadcast")
@Public
public final class BroadcastRoute {
    private final EventBus events;

    public BroadcastRoute(EventBus events) {
        this.events = events;
    }

    public Response post(Request request) {
        int count = request.queryInt("count", 1);
        long delivered = 0;
        for (int i = 0; i < count; i++) {
            delivered += events.publish("tick", "{\"seq\":" + i + ",\"sentMicros\":" + Clock.micros() + "}");
        }
        return Response.json(Map.of("delivered", delivered));
    }
}
