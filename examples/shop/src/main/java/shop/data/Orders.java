package shop.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Orders placed at checkout and their payment status. An order's total is computed here, in the transaction
 * that places it, from the catalogue's prices at that moment: nothing a form sends can change it.
 */
public final class Orders {
    /**
     * An order as stored.
     *
     * @param ownerToken the id of the cart it was placed from; whoever's session holds it owns the order
     * @param status {@code pending} until the payment provider reports it paid, then {@code paid}
     */
    public record Order(long id, Long userId, String ownerToken, String status, String name, String address, String email,
                        long totalCents, OffsetDateTime createdAt) {
        /** Whether the visitor holding {@code cartId} (or signed in as {@code userId}) may see this order. */
        public boolean isOwnedBy(String cartId, Long signedInUserId) {
            boolean byCart = cartId != null && MessageDigest.isEqual(ownerToken.getBytes(StandardCharsets.UTF_8),
                    cartId.getBytes(StandardCharsets.UTF_8));
            return byCart || (userId != null && userId.equals(signedInUserId));
        }
    }

    /** One line of an order, at the price it was sold at. */
    public record Line(long productId, String name, int quantity, long unitPriceCents) {
        public long lineCents() {
            return unitPriceCents * quantity;
        }
    }

    /** Who the order goes to. */
    public record Details(String name, String address, String email) {}

    /** What a checkout came to. */
    public sealed interface Placement {
        /** A new order. */
        record Placed(long orderId) implements Placement {}

        /** The same checkout form sent again (a double click, a retry): the order it placed the first time. */
        record AlreadyPlaced(long orderId) implements Placement {}

        /** The idempotency key already placed an order from another cart or with other details. */
        record KeyReused() implements Placement {}

        record EmptyCart() implements Placement {}

        /** A product has fewer pieces left than the cart asks for; nothing was placed. */
        record OutOfStock(String product, int left) implements Placement {}
    }

    private static final String COLUMNS = "id, user_id, owner_token, status, name, address, email, total_cents, created_at";
    private static final RowMapper<Order> ROW = (rs, ctx) -> new Order(rs.getLong("id"), rs.getObject("user_id", Long.class),
            rs.getString("owner_token"), rs.getString("status"), rs.getString("name"), rs.getString("address"),
            rs.getString("email"), rs.getLong("total_cents"), rs.getObject("created_at", OffsetDateTime.class));
    private static final RowMapper<Carts.Item> ITEM = (rs, ctx) -> new Carts.Item(rs.getLong("product_id"), rs.getString("name"),
            rs.getLong("price_cents"), rs.getInt("stock"), rs.getInt("quantity"));

    private final Jdbi jdbi;

    public Orders(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Places the cart's contents as a pending order, in one transaction: the order and its lines at the current
     * prices, the stock taken, the cart emptied. A second call with the same idempotency key places nothing and
     * answers the first order.
     */
    public Placement place(String cartId, Long userId, Details details, String idempotencyKey) {
        try {
            return jdbi.inTransaction(h -> {
                // Checkouts of one cart run one at a time: a second submit waits here, then finds the first one's order.
                boolean cartExists = h.createQuery("SELECT id FROM carts WHERE id = :cart FOR UPDATE")
                        .bind("cart", cartId).mapTo(String.class).findOne().isPresent();
                Optional<Order> earlier = findByKey(h, idempotencyKey);
                if (earlier.isPresent()) {
                    return again(earlier.get(), cartId, details);
                }
                List<Carts.Item> items = !cartExists ? List.of() : h.createQuery("""
                                SELECT i.product_id, p.name, p.price_cents, p.stock, i.quantity
                                FROM cart_items i JOIN products p ON p.id = i.product_id
                                WHERE i.cart_id = :cart ORDER BY i.product_id""")
                        .bind("cart", cartId).map(ITEM).list();
                if (items.isEmpty()) {
                    return new Placement.EmptyCart();
                }
                long total = items.stream().mapToLong(Carts.Item::lineCents).sum();
                long orderId = h.createUpdate("""
                                INSERT INTO orders (user_id, owner_token, status, name, address, email, total_cents, idempotency_key)
                                VALUES (:user, :owner, 'pending', :name, :address, :email, :total, :key)""")
                        .bind("user", userId).bind("owner", cartId).bind("name", details.name().strip())
                        .bind("address", details.address().strip()).bind("email", details.email().strip())
                        .bind("total", total).bind("key", idempotencyKey)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                for (Carts.Item item : items) {
                    h.createUpdate("INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (:order, :product, :quantity, :price)")
                            .bind("order", orderId).bind("product", item.productId()).bind("quantity", item.quantity())
                            .bind("price", item.unitPriceCents()).execute();
                    // The condition, not the stock read above, decides: two checkouts cannot both take the last piece.
                    int taken = h.createUpdate("UPDATE products SET stock = stock - :quantity, updated_at = CURRENT_TIMESTAMP WHERE id = :id AND stock >= :quantity")
                            .bind("quantity", item.quantity()).bind("id", item.productId()).execute();
                    if (taken == 0) {
                        int left = h.createQuery("SELECT stock FROM products WHERE id = :id").bind("id", item.productId()).mapTo(Integer.class).one();
                        throw new Refused(new Placement.OutOfStock(item.name(), left));
                    }
                }
                h.createUpdate("DELETE FROM cart_items WHERE cart_id = :cart").bind("cart", cartId).execute();
                return new Placement.Placed(orderId);
            });
        } catch (Refused refused) {
            return refused.placement;
        } catch (RuntimeException e) {
            // The same key sent from another cart at the same moment: the constraint let one order through.
            if (Unique.isViolation(e)) {
                return jdbi.withHandle(h -> findByKey(h, idempotencyKey)).map(order -> again(order, cartId, details))
                        .orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private static Placement again(Order earlier, String cartId, Details details) {
        boolean same = earlier.ownerToken().equals(cartId) && earlier.name().equals(details.name().strip())
                && earlier.address().equals(details.address().strip()) && earlier.email().equals(details.email().strip());
        return same ? new Placement.AlreadyPlaced(earlier.id()) : new Placement.KeyReused();
    }

    private static Optional<Order> findByKey(Handle h, String idempotencyKey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM orders WHERE idempotency_key = :key")
                .bind("key", idempotencyKey).map(ROW).findOne();
    }

    public Optional<Order> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM orders WHERE id = :id").bind("id", id).map(ROW).findOne());
    }

    /** A user's orders, newest first. */
    public List<Order> ofUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM orders WHERE user_id = :user ORDER BY id DESC")
                .bind("user", userId).map(ROW).list());
    }

    public List<Line> lines(long orderId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.product_id, p.name, i.quantity, i.unit_price_cents
                        FROM order_items i JOIN products p ON p.id = i.product_id
                        WHERE i.order_id = :order ORDER BY i.product_id""")
                .bind("order", orderId)
                .map((rs, ctx) -> new Line(rs.getLong("product_id"), rs.getString("name"), rs.getInt("quantity"),
                        rs.getLong("unit_price_cents")))
                .list());
    }

    /**
     * Marks a pending order paid, within the caller's transaction (the webhook inbox's). False if there is no such
     * order, it is already paid, or {@code amountCents} (when the provider reports one) is not its total.
     */
    public boolean markPaid(Handle h, long orderId, Long amountCents) {
        String sql = "UPDATE orders SET status = 'paid' WHERE id = :id AND status = 'pending'"
                + (amountCents == null ? "" : " AND total_cents = :amount");
        var update = h.createUpdate(sql).bind("id", orderId);
        if (amountCents != null) {
            update.bind("amount", amountCents.longValue());
        }
        return update.execute() == 1;
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders").mapTo(Integer.class).one());
    }

    /** Ends the placing transaction with a refusal: everything it wrote is rolled back. */
    private static final class Refused extends RuntimeException {
        final Placement placement;

        Refused(Placement placement) {
            super(null, null, false, false);
            this.placement = placement;
        }
    }
}
