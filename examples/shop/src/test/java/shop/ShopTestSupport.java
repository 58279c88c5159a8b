package shop;

import dev.arbor.test.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real shop per test class, on the database the build asked for (see {@link TestShop}). */
abstract class ShopTestSupport {
    static TestShop shop;
    static TestClient client;

    @BeforeAll
    static void startShop() {
        shop = TestShop.start();
        client = shop.client();
    }

    @AfterAll
    static void stopShop() throws Exception {
        shop.close();
    }
}
