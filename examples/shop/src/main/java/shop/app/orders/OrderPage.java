package shop.app.orders;

import dev.arbor.HttpError;
import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.app.Visitor;
import shop.data.Orders;
import shop.templates.Templates;

/**
 * {@code /orders/{id}}: an order and its live status, for its owner only. Anyone else gets the same 404 as for an
 * order that does not exist, so order ids tell nothing to those who guess them.
 */
@Page("/orders/{id}")
public final class OrderPage {
    private final Orders orders;
    private final Templates templates;

    public OrderPage(Orders orders, Templates templates) {
        this.orders = orders;
        this.templates = templates;
    }

    public Content get(Request request) {
        Orders.Order order = orders.find(request.pathLong("id"))
                .filter(o -> o.isOwnedBy(Visitor.cartId(request), Visitor.userId(request)))
                .orElseThrow(() -> HttpError.notFound("Order not found"));
        return templates.ordersShow(order, orders.lines(order.id()));
    }
}
