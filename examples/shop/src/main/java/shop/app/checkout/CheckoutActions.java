package shop.app.checkout;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Public;
import dev.arbor.ServerActions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import shop.app.Visitor;
import shop.data.Orders;

/**
 * Placing the order. The form carries who it goes to and an idempotency key the page rendered; the amount is never
 * in it: {@link Orders#place} computes the total from the catalogue inside the transaction that places the order.
 */
@ServerActions
@Public
public final class CheckoutActions {
    /** The checkout form. {@code idempotencyKey} is a hidden field, fresh on each render of the page. */
    public record CheckoutForm(@NotBlank(message = "Enter your name") @Size(max = 100) String name,
                               @NotBlank(message = "Enter your address") @Size(max = 500) String address,
                               @NotBlank(message = "Enter your email") @Email(message = "Enter a valid email") @Size(max = 254) String email,
                               @NotNull(message = "The form is incomplete: reload the page") UUID idempotencyKey) {}

    private final Orders orders;

    public CheckoutActions(Orders orders) {
        this.orders = orders;
    }

    @Action
    public ActionResult placeOrder(CheckoutForm form, ActionContext ctx) {
        String cartId = Visitor.cartId(ctx);
        if (cartId == null) {
            return ActionResult.error("Your cart is empty");
        }
        Orders.Placement placement = orders.place(cartId, Visitor.userId(ctx),
                new Orders.Details(form.name(), form.address(), form.email()), form.idempotencyKey().toString());
        return switch (placement) {
            case Orders.Placement.Placed placed -> {
                // Stock changed: the cached catalogue pages and data show it at once.
                ctx.revalidateTag("products");
                yield ActionResult.redirect("/orders/" + placed.orderId());
            }
            case Orders.Placement.AlreadyPlaced earlier -> ActionResult.redirect("/orders/" + earlier.orderId());
            case Orders.Placement.KeyReused reused -> ActionResult.error("This checkout form was already used: reload the page to order again");
            case Orders.Placement.EmptyCart empty -> ActionResult.error("Your cart is empty");
            case Orders.Placement.OutOfStock shortage -> ActionResult.error(shortage.left() == 0
                    ? shortage.product() + " is sold out: remove it from your cart"
                    : shortage.product() + " has only " + shortage.left() + " left: change the quantity in your cart");
        };
    }
}
