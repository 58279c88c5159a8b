package shop.app.cart;

import dev.arbor.Page;
import dev.arbor.Request;
import gg.jte.Content;
import shop.app.Visitor;
import shop.data.Carts;
import shop.templates.Templates;

/** {@code /cart}: the visitor's cart at current prices, each line with its quantity and remove forms. */
@Page("/cart")
public final class CartPage {
    private final Carts carts;
    private final Templates templates;

    public CartPage(Carts carts, Templates templates) {
        this.carts = carts;
        this.templates = templates;
    }

    public Content get(Request request) {
        return templates.cart(carts.find(Visitor.cartId(request)), request.formState(CartActions_.updateQuantity),
                request.formState(CartActions_.removeFromCart));
    }
}
