package shop.app.api.orders;

import dev.arbor.Authenticated;
import dev.arbor.Request;
import dev.arbor.Route;
import java.util.List;
import java.util.Map;
import shop.data.Orders;

/**
 * {@code GET /api/orders}: the caller's orders, for the mobile app. The caller is the owner of an API key
 * ({@code Authorization: Bearer …}) or a signed-in session; anyone else gets 401.
 */
@Route("/api/orders")
@Authenticated
public final class OrdersRoute {
    private final Orders orders;

    public OrdersRoute(Orders orders) {
        this.orders = orders;
    }

    public List<Map<String, Object>> get(Request request) {
        long userId = Long.parseLong(request.requireUser().userId());
        return orders.ofUser(userId).stream()
                .map(order -> Map.<String, Object>of("id", order.id(), "status", order.status(), "totalCents", order.totalCents(),
                        "lines", orders.lines(order.id())))
                .toList();
    }
}
