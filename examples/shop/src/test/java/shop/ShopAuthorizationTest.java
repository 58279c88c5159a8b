package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.Multipart;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;
import shop.data.Carts;
import shop.data.Orders;
import shop.data.Products;

/** Every protected route tried as anonymous, as a customer and as an administrator, and the mobile orders API. */
@Tag("db")
class ShopAuthorizationTest extends ShopTestSupport {
    private static String bearer(Accounts.Account account) {
        return "Bearer " + accounts().issueKey(account.id()).token();
    }

    private static Accounts accounts() {
        return new Accounts(shop.shop().database().jdbi());
    }

    @Test
    void adminRoutesAnswer401Then403ThenServeTheAdmin() {
        Accounts.Account customer = accounts().create("Cus", "cus-" + System.nanoTime() + "@example.com", "customer-pass", Accounts.CUSTOMER);
        Accounts.Account admin = accounts().create("Adm", "adm-" + System.nanoTime() + "@example.com", "admin-pass!", "admin");
        Multipart image = new Multipart().file("file", "p.png", "image/png", UploadsApiTest.PNG);

        assertThat(client.get("/api/admin/users").status()).isEqualTo(401);
        assertThat(client.postMultipart("/api/products/3/image", image).status()).isEqualTo(401);

        assertThat(client.get("/api/admin/users", "Authorization", bearer(customer)).status()).isEqualTo(403);
        assertThat(client.postMultipart("/api/products/3/image", image, "Authorization", bearer(customer)).status()).isEqualTo(403);
        assertThat(new Products(shop.shop().database().jdbi()).find(3).orElseThrow().imageUrl()).isNull();

        String adminToken = bearer(admin);
        TestResponse users = client.get("/api/admin/users", "Authorization", adminToken);
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).doesNotContain("argon2");
        TestResponse uploaded = client.postMultipart("/api/products/3/image", image, "Authorization", adminToken);
        assertThat(uploaded.status()).isEqualTo(201);
        String url = uploaded.json().get("imageUrl").asText();
        assertThat(client.get("/products/3").body()).contains("id=\"product-image\" src=\"" + url + "\"");
        assertThat(client.get(url).bytes()).isEqualTo(UploadsApiTest.PNG);
        assertThat(client.postMultipart("/api/products/999999/image", image, "Authorization", adminToken).status()).isEqualTo(404);
    }

    @Test
    void theOrdersApiAnswersTheTokenOwnersOrdersOnly() {
        Accounts.Account owner = accounts().create("Owner", "owner-" + System.nanoTime() + "@example.com", "owner-pass", Accounts.CUSTOMER);
        Accounts.Account other = accounts().create("Other", "other-" + System.nanoTime() + "@example.com", "other-pass", Accounts.CUSTOMER);
        long orderId = OrderFixture.placeFor(shop, owner.id());

        assertThat(client.get("/api/orders").status()).isEqualTo(401);
        assertThat(client.get("/api/orders", "Authorization", "Bearer not-a-key").status()).isEqualTo(401);
        TestResponse mine = client.get("/api/orders", "Authorization", bearer(owner));
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().findValuesAsText("id")).contains(Long.toString(orderId));
        TestResponse theirs = client.get("/api/orders", "Authorization", bearer(other));
        assertThat(theirs.json().findValuesAsText("id")).doesNotContain(Long.toString(orderId));
    }

    /** Places an order for a user directly through the repositories, as a signed-in checkout would. */
    static final class OrderFixture {
        static long placeFor(TestShop running, long userId) {
            var jdbi = running.shop().database().jdbi();
            var carts = new Carts(jdbi);
            String cart = Carts.newId();
            carts.add(cart, 1, 1);
            carts.moveToUser(cart, userId);
            var placement = new Orders(jdbi).place(cart, userId,
                    new Orders.Details("Owner", "1 Road", "owner@example.com"), java.util.UUID.randomUUID().toString());
            return ((Orders.Placement.Placed) placement).orderId();
        }
    }
}
