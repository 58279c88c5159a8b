package shop;

import dev.arbor.ArborApp;

/**
 * Starts the shop: {@code java -jar examples/shop/target/shop.jar}. Listens on {@code $PORT} (3000) and keeps
 * its data in an embedded H2 database under {@code ./data} unless {@code DATABASE_URL} names PostgreSQL.
 * SIGTERM stops it gracefully: requests in flight finish, then the database pool closes.
 */
@ArborApp
public final class ShopApp {
    private ShopApp() {}

    public static void main(String[] args) throws InterruptedException {
        Shop shop = Shop.start(ShopConfig.fromEnv());
        Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "shop-shutdown"));
        shop.server().join();
    }
}
