package dev.arbor.it;

import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;

/** Routes whose answers depend on who calls, each choosing (or not) how it may be cached. */
public final class CallerRoutes {
    private CallerRoutes() {}

    /** Greets the caller and says itself how long the answer may be kept, by the caller's browser only. */
    @Route("/api/caller/greeting")
    @Public
    public static final class Greeting {
        public Response get(Request request) {
            var identity = request.identity();
            return Response.json(Map.of("hello", identity == null ? "guest" : identity.userId())).cacheControl("private, max-age=60");
        }
    }

    /** A stream of the caller's own events. */
    @Route("/api/caller/events")
    @Public
    public static final class Events {
        public Response get(Request request) {
            var identity = request.identity();
            return Response.sse(stream -> {
                stream.send("hello", Map.of("user", identity == null ? "guest" : identity.userId()));
                stream.close();
            });
        }
    }
}
