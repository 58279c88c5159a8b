package shop.app.checkout;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import java.util.UUID;
import shop.app.Visitor;
import shop.data.Carts;
import shop.templates.Templates;

/**
 * {@code /checkout}: the cart's summary and the checkout form. Each render carries a new idempotency key: a form
 * sent twice places one order, while a form shown again after a failure (when nothing was placed) gets a new key.
 */
@Page("/checkout")
public final class CheckoutPage {
    private final Carts carts;
    private final Templates templates;

    public CheckoutPage(Carts carts, Templates templates) {
        this.carts = carts;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.checkout(carts.find(Visitor.cartId(request)), UUID.randomUUID().toString(),
                request.formState(CheckoutActions_.placeOrder));
    }
}
