package shop.app.api.orders;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import java.util.Map;
import shop.app.Visitor;
import shop.data.OrderEvents;
import shop.data.Orders;

/**
 * {@code GET /api/orders/{id}/events}: the order's status as Server-Sent Events ({@code status} with
 * {@code {"status":"paid"}}), for its owner only; anyone else gets 404. The current status comes first.
 */
@Route("/api/orders/{id}/events")
@Public
public final class OrderEventsRoute {
    private final Orders orders;
    private final OrderEvents events;

    public OrderEventsRoute(Orders orders, OrderEvents events) {
        this.orders = orders;
        this.events = events;
    }

    public Response get(Request request) {
        Orders.Order order = orders.find(request.pathLong("id"))
                .filter(o -> o.isOwnedBy(Visitor.cartId(request), Visitor.userId(request)))
                .orElseThrow(() -> HttpError.notFound("Order not found"));
        return Response.sse(stream -> {
            events.subscribe(order.id(), stream);
            // Read after subscribing, so a payment between the page's render and this stream is never missed.
            orders.find(order.id()).ifPresent(now -> stream.send("status", Map.of("status", now.status())));
        });
    }
}
