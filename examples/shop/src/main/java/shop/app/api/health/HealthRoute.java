package shop.app.api.health;

import dev.arbor.Public;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;
import shop.data.Database;

/** {@code GET /api/health}: 200 when the database answers, 503 when it does not (for load balancers). */
@Route("/api/health")
@Public
public final class HealthRoute {
    private final Database database;

    public HealthRoute(Database database) {
        this.database = database;
    }

    public Response get() {
        boolean up = database.isUp();
        return Response.json(Map.of("status", up ? "ok" : "degraded", "database", up ? "up" : "down"), up ? 200 : 503)
                .cacheControl("no-store");
    }
}
