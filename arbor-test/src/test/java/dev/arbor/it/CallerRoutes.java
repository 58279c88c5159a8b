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
            Response events = Response.sse(stream -> {
                stream.send("hello", Map.of("user", identity == null ? "guest" : identity.userId()));
                stream.close();
            });
            // A route asking a cache to keep a stream of someone's events: it must not be obeyed.
            return request.query("cache") == null ? events : events.cacheControl("public, max-age=60");
        }
    }

    /** The caller's profile, with an ETag so a browser can revalidate it, or a Last-Modified date. */
    @Route("/api/caller/profile")
    @Public
    public static final class Profile {
        public Response get(Request request) {
            var identity = request.identity();
            Response profile = Response.json(Map.of("user", identity == null ? "guest" : identity.userId()));
            return request.query("dated") == null ? profile.etag() : profile.header("Last-Modified", "Sun, 06 Dec 2026 00:00:00 GMT");
        }
    }
}
