package shop.data;

import java.sql.PreparedStatement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Seeds the catalogue with 1,000 products, the same on every database: names and prices are derived from
 * the product number, so tests and benchmarks can rely on them.
 */
public final class V3__SeedProducts extends BaseJavaMigration {
    static final int COUNT = 1000;
    private static final String[] ADJECTIVES = {"Oak", "Linen", "Copper", "Walnut", "Wool", "Ceramic", "Maple", "Slate"};
    private static final String[] THINGS = {"Lamp", "Chair", "Mug", "Table", "Throw", "Vase", "Shelf", "Bowl", "Clock", "Stool"};

    @Override
    public void migrate(Context context) throws Exception {
        String sql = "INSERT INTO products (name, description, price_cents, stock) VALUES (?, ?, ?, ?)";
        try (PreparedStatement insert = context.getConnection().prepareStatement(sql)) {
            for (int n = 1; n <= COUNT; n++) {
                String name = ADJECTIVES[n % ADJECTIVES.length] + " " + THINGS[n % THINGS.length] + " No. " + n;
                insert.setString(1, name);
                insert.setString(2, "A well-made " + name.toLowerCase(java.util.Locale.ROOT) + ", built to last.");
                insert.setLong(3, 500 + (n * 137L) % 20_000);
                insert.setInt(4, n % 7 == 0 ? 0 : (n * 13) % 50 + 1);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
