package shop.app.cart;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import shop.app.Visitor;
import shop.data.Carts;
import shop.data.Products;

/**
 * Putting products in the visitor's cart, changing how many, taking them out. The product id is bound by the page
 * that rendered the form; the cart is the one the visitor's own session names, so nobody can touch another's cart.
 */
@ServerActions
@Public
public final class CartActions {
    static final int MAX_PER_PRODUCT = 99;

    /** How many pieces. */
    public record Quantity(@NotNull(message = "Enter a quantity") @Min(value = 1, message = "Enter at least 1")
                           @Max(value = MAX_PER_PRODUCT, message = "At most 99 at a time") Integer quantity) {}

    private final Carts carts;
    private final Products products;

    public CartActions(Carts carts, Products products) {
        this.carts = carts;
        this.products = products;
    }

    @Action
    public ActionResult addToCart(long productId, Quantity form, ActionContext ctx) {
        Products.Product product = products.find(productId).orElse(null);
        if (product == null) {
            return ActionResult.notFound("Product not found");
        }
        String cartId = Visitor.cartId(ctx);
        int inCart = carts.find(cartId).item(productId).map(Carts.Item::quantity).orElse(0);
        String refusal = refusal(product, inCart + form.quantity());
        if (refusal != null) {
            return ActionResult.fieldError("quantity", refusal);
        }
        carts.add(Visitor.cartIdOrNew(ctx), productId, form.quantity());
        return ActionResult.ok("Added " + form.quantity() + " × " + product.name() + " to your cart");
    }

    @Action
    public ActionResult updateQuantity(long productId, Quantity form, ActionContext ctx) {
        String cartId = Visitor.cartId(ctx);
        Carts.Item item = carts.find(cartId).item(productId).orElse(null);
        if (item == null) {
            return ActionResult.notFound("That product is not in your cart");
        }
        String refusal = refusal(products.find(productId).orElseThrow(), form.quantity());
        if (refusal != null) {
            return ActionResult.error(item.name() + ": " + refusal);
        }
        carts.setQuantity(cartId, productId, form.quantity());
        return ActionResult.ok();
    }

    @Action
    public ActionResult removeFromCart(long productId, ActionContext ctx) {
        String cartId = Visitor.cartId(ctx);
        Carts.Item item = carts.find(cartId).item(productId).orElse(null);
        if (item == null || !carts.remove(cartId, productId)) {
            return ActionResult.notFound("That product is not in your cart");
        }
        return ActionResult.ok("Removed " + item.name());
    }

    /** Why the cart cannot hold {@code wanted} pieces of a product, or null if it can. Checkout checks again. */
    private static String refusal(Products.Product product, int wanted) {
        if (product.stock() == 0) {
            return "Sold out";
        }
        if (wanted > product.stock()) {
            return "Only " + product.stock() + " left";
        }
        return wanted > MAX_PER_PRODUCT ? "At most " + MAX_PER_PRODUCT + " per product" : null;
    }
}
