package shop.data;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Shopping carts. A cart is keyed by a random id that the visitor's session keeps under {@code "cart"}; it
 * holds product ids and quantities only, so prices and stock are always read fresh from the catalogue.
 */
public final class Carts {
    /** The session key holding the visitor's cart id. */
    public static final String SESSION_KEY = "cart";

    /** One line of a cart, with the product's current name, price and stock. */
    public record Item(long productId, String name, long unitPriceCents, int stock, int quantity) {
        public long lineCents() {
            return unitPriceCents * quantity;
        }
    }

    /** A cart's lines, by product id. */
    public record Cart(List<Item> items) {
        public boolean isEmpty() {
            return items.isEmpty();
        }

        /** How many pieces the cart holds. */
        public int count() {
            return items.stream().mapToInt(Item::quantity).sum();
        }

        public long totalCents() {
            return items.stream().mapToLong(Item::lineCents).sum();
        }

        public Optional<Item> item(long productId) {
            return items.stream().filter(i -> i.productId() == productId).findFirst();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Cart EMPTY = new Cart(List.of());
    private static final RowMapper<Item> ITEM = (rs, ctx) -> new Item(rs.getLong("product_id"), rs.getString("name"),
            rs.getLong("price_cents"), rs.getInt("stock"), rs.getInt("quantity"));

    private final Jdbi jdbi;

    public Carts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A new cart id: 128 random bits, so one visitor cannot guess another's cart. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cart's lines with current prices; an empty cart for a null or unknown id. */
    public Cart find(String cartId) {
        if (cartId == null) {
            return EMPTY;
        }
        return new Cart(jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.product_id, p.name, p.price_cents, p.stock, i.quantity
                        FROM cart_items i JOIN products p ON p.id = i.product_id
                        WHERE i.cart_id = :cart ORDER BY i.product_id""")
                .bind("cart", cartId).map(ITEM).list()));
    }

    /** How many pieces the cart holds; 0 for a null or unknown id. */
    public int count(String cartId) {
        if (cartId == null) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(quantity), 0) FROM cart_items WHERE cart_id = :cart")
                .bind("cart", cartId).mapTo(Integer.class).one());
    }

    /** Adds {@code quantity} of a product, creating the cart on its first item. */
    public void add(String cartId, long productId, int quantity) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO carts (id) VALUES (:cart) ON CONFLICT DO NOTHING").bind("cart", cartId).execute();
            // Two adds racing for a new line: the loser's insert does nothing, and its update then finds the line.
            String increase = "UPDATE cart_items SET quantity = quantity + :quantity WHERE cart_id = :cart AND product_id = :product";
            if (h.createUpdate(increase).bind("quantity", quantity).bind("cart", cartId).bind("product", productId).execute() == 0
                    && h.createUpdate("""
                            INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (:cart, :product, :quantity)
                            ON CONFLICT DO NOTHING""")
                            .bind("cart", cartId).bind("product", productId).bind("quantity", quantity).execute() == 0) {
                h.createUpdate(increase).bind("quantity", quantity).bind("cart", cartId).bind("product", productId).execute();
            }
        });
    }

    /** Sets the quantity of a product already in the cart; false if it is not there. */
    public boolean setQuantity(String cartId, long productId, int quantity) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE cart_items SET quantity = :quantity WHERE cart_id = :cart AND product_id = :product")
                .bind("quantity", quantity).bind("cart", cartId).bind("product", productId).execute()) == 1;
    }

    /** Takes a product out of the cart; false if it was not there. */
    public boolean remove(String cartId, long productId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM cart_items WHERE cart_id = :cart AND product_id = :product")
                .bind("cart", cartId).bind("product", productId).execute()) == 1;
    }

    /**
     * Gives the cart to a user who has just signed in: any other cart of theirs is merged into it (quantities
     * added), so what they put in the cart on another device is kept. Call it from the login action with the
     * session's cart id; the cart id in the session stays the same.
     */
    public void moveToUser(String cartId, long userId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO carts (id) VALUES (:cart) ON CONFLICT DO NOTHING").bind("cart", cartId).execute();
            List<String> others = h.createQuery("SELECT id FROM carts WHERE user_id = :user AND id <> :cart")
                    .bind("user", userId).bind("cart", cartId).mapTo(String.class).list();
            for (String other : others) {
                h.createUpdate("""
                                UPDATE cart_items SET quantity = quantity + (SELECT o.quantity FROM cart_items o
                                    WHERE o.cart_id = :other AND o.product_id = cart_items.product_id)
                                WHERE cart_id = :cart AND product_id IN (SELECT product_id FROM cart_items WHERE cart_id = :other)""")
                        .bind("cart", cartId).bind("other", other).execute();
                h.createUpdate("""
                                INSERT INTO cart_items (cart_id, product_id, quantity)
                                SELECT :cart, o.product_id, o.quantity FROM cart_items o
                                WHERE o.cart_id = :other AND o.product_id NOT IN (SELECT product_id FROM cart_items WHERE cart_id = :cart)""")
                        .bind("cart", cartId).bind("other", other).execute();
                h.createUpdate("DELETE FROM carts WHERE id = :other").bind("other", other).execute();
            }
            h.createUpdate("UPDATE carts SET user_id = :user WHERE id = :cart").bind("user", userId).bind("cart", cartId).execute();
        });
    }

    /** The id of the cart a user's account holds, if any: the login code puts it in a new session. */
    public Optional<String> ofUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM carts WHERE user_id = :user ORDER BY created_at DESC, id")
                .bind("user", userId).mapTo(String.class).findFirst());
    }
}
