package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Carts;
import shop.data.Orders;
import shop.data.Users;
import shop.data.WebhookInbox;

/** The shopping repositories on their own: carts moving to accounts, order ownership, the webhook inbox. */
@Tag("db")
class ShoppingDataTest extends ShopTestSupport {
    static Carts carts() {
        return new Carts(shop.shop().database().jdbi());
    }

    static Orders orders() {
        return new Orders(shop.shop().database().jdbi());
    }

    static long user(String email) {
        return new Users(shop.shop().database().jdbi()).create("Someone", email).id();
    }

    @Test
    void atLoginACartMovesToTheAccountMergedWithTheCartLeftOnAnotherDevice() {
        Carts carts = carts();
        long user = user("mover@example.com");
        String otherDevice = Carts.newId();
        carts.add(otherDevice, 17, 1);
        carts.add(otherDevice, 18, 2);
        carts.moveToUser(otherDevice, user);

        String thisDevice = Carts.newId();
        carts.add(thisDevice, 18, 1);
        carts.moveToUser(thisDevice, user);

        assertThat(carts.ofUser(user)).contains(thisDevice);
        assertThat(carts.find(thisDevice).items()).extracting(Carts.Item::productId, Carts.Item::quantity)
                .containsExactly(tuple(17L, 1), tuple(18L, 3));
        assertThat(carts.find(otherDevice).isEmpty()).isTrue();
    }

    @Test
    void anOrderPlacedWhileSignedInBelongsToTheUserAsWellAsToTheCart() {
        Carts carts = carts();
        Orders orders = orders();
        long user = user("owner@example.com");
        String cart = Carts.newId();
        carts.add(cart, 19, 1);
        var placed = orders.place(cart, user, new Orders.Details("Owner", "1 Road", "owner@example.com"), UUID.randomUUID().toString());
        Orders.Order order = orders.find(((Orders.Placement.Placed) placed).orderId()).orElseThrow();
        assertThat(order.userId()).isEqualTo(user);
        assertThat(order.isOwnedBy(cart, null)).isTrue();
        assertThat(order.isOwnedBy(null, user)).as("signed in on another device").isTrue();
        assertThat(order.isOwnedBy(Carts.newId(), user + 1)).isFalse();
        assertThat(order.isOwnedBy(null, null)).isFalse();
    }

    @Test
    void placingTwiceWithOneKeyPlacesOneOrder() {
        String cart = Carts.newId();
        carts().add(cart, 22, 2);
        Orders.Details details = new Orders.Details("Ada", "1 Road", "ada@example.com");
        String key = UUID.randomUUID().toString();
        Orders.Placement first = orders().place(cart, null, details, key);
        assertThat(first).isInstanceOf(Orders.Placement.Placed.class);
        long id = ((Orders.Placement.Placed) first).orderId();
        assertThat(orders().place(cart, null, details, key)).isEqualTo(new Orders.Placement.AlreadyPlaced(id));
        assertThat(orders().place(Carts.newId(), null, details, key)).as("the key from another cart")
                .isEqualTo(new Orders.Placement.KeyReused());
        assertThat(orders().place(cart, null, details, UUID.randomUUID().toString())).as("the cart was emptied")
                .isEqualTo(new Orders.Placement.EmptyCart());
    }

    @Test
    void anEventIsTakenInOnceAndItsEffectRunsInTheSameTransaction() {
        WebhookInbox inbox = new WebhookInbox(shop.shop().database().jdbi());
        assertThat(inbox.receive("test", "evt_once", h -> "applied")).contains("applied");
        assertThat(inbox.receive("test", "evt_once", h -> "applied again")).isEmpty();
        assertThat(inbox.receive("other", "evt_once", h -> "another provider's event")).isPresent();

        // An effect that fails leaves no trace, so the provider's retry applies it.
        assertThatThrownBy(() -> inbox.receive("test", "evt_failing", h -> {
            throw new IllegalStateException("database trouble");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(inbox.contains("test", "evt_failing")).isFalse();
        assertThat(inbox.receive("test", "evt_failing", h -> "applied on retry")).isEqualTo(Optional.of("applied on retry"));
    }
}
