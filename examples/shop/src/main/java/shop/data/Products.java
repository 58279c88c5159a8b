package shop.data;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The product catalogue. Prices are integer cents. */
public final class Products {
    /** A product as served to clients. */
    public record Product(long id, String name, String description, long priceCents, int stock, String imageUrl) {}

    /** One page of products. */
    public record Page(List<Product> items, int page, int size, long total, long totalPages) {}

    private static final String COLUMNS = "id, name, description, price_cents, stock, image_url";
    private static final RowMapper<Product> ROW = (rs, ctx) -> new Product(rs.getLong("id"), rs.getString("name"),
            rs.getString("description"), rs.getLong("price_cents"), rs.getInt("stock"), rs.getString("image_url"));

    private final Jdbi jdbi;

    public Products(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Page {@code page} (from 1) of {@code size} products, by id. */
    public Page page(int page, int size) {
        return jdbi.withHandle(h -> {
            List<Product> items = h.createQuery("SELECT " + COLUMNS + " FROM products ORDER BY id LIMIT :size OFFSET :offset")
                    .bind("size", size).bind("offset", (long) (page - 1) * size).map(ROW).list();
            long total = h.createQuery("SELECT COUNT(*) FROM products").mapTo(Long.class).one();
            return new Page(items, page, size, total, (total + size - 1) / size);
        });
    }

    /** How many products the catalogue holds. */
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM products").mapTo(Long.class).one());
    }

    public Optional<Product> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM products WHERE id = :id")
                .bind("id", id).map(ROW).findOne());
    }

    /**
     * Sets a product's price; false if there is no such product. Pages and data cached under the tag
     * {@code "products"} still show the old price: the caller revalidates that tag.
     */
    public boolean setPrice(long id, long priceCents) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE products SET price_cents = :price, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
                .bind("price", priceCents).bind("id", id).execute()) == 1;
    }

    /** Sets how many pieces of a product are in stock; false if there is no such product. The caller revalidates {@code "products"}. */
    public boolean setStock(long id, int stock) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE products SET stock = :stock, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
                .bind("stock", stock).bind("id", id).execute()) == 1;
    }

    /** Sets a product's image; false if there is no such product. */
    public boolean setImage(long id, String imageUrl) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE products SET image_url = :url, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
                .bind("url", imageUrl).bind("id", id).execute()) == 1;
    }
}
