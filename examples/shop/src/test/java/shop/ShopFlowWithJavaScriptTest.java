package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.security.Webhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import shop.data.Orders;
import shop.data.Products;

/**
 * Shopping in headless Chromium with JavaScript on: the cart count changes in place, checkout navigates on the
 * client, and the order's status turns "paid" while the page is open. As in {@link PagesWithJavaScriptTest}, a
 * marker on {@code window} tells an in-place update from a full page load.
 */
@Tag("db")
class ShopFlowWithJavaScriptTest extends ChromiumTestSupport {

    private static void pay(long orderId, long amountCents, String eventId) {
        String event = """
                {"id":"%s","object":"event","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount_received":%d,"metadata":{"order_id":"%d"}}}}"""
                .formatted(eventId, amountCents, orderId);
        String signature = Webhooks.stripeSignature(ShopConfig.TEST_STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond(),
                event.getBytes(StandardCharsets.UTF_8));
        assertThat(shop.client().postJson("/api/webhooks/stripe", event, "Stripe-Signature", signature).status()).isEqualTo(200);
    }

    @Test
    void addingToTheCartUpdatesTheCountInPlace() {
        Products.Product product = new Products(shop.shop().database().jdbi()).find(2).orElseThrow();
        open("/products/2");
        mark();
        String before = byId("cart-count").getText();
        type("quantity", "2");
        submit("#add-to-cart");

        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), Integer.toString(Integer.parseInt(before) + 2)));
        assertThat(byId("added").getText()).isEqualTo("Added 2 × " + product.name() + " to your cart");
        assertThat(path()).isEqualTo("/products/2");
        assertThat(marker()).as("no full page load").isEqualTo(42L);

        // Two are in the cart already: the whole stock more is too many.
        type("quantity", Integer.toString(product.stock()));
        submit("#add-to-cart");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("quantity-error")));
        assertThat(error.getText()).isEqualTo("Only " + product.stock() + " left");
        assertThat(byId("cart-count").getText()).isEqualTo(Integer.toString(Integer.parseInt(before) + 2));
        assertThat(marker()).isEqualTo(42L);
    }

    @Test
    void afterACheckoutTheOrderPageTurnsPaidWithoutAReloadWhenThePaymentArrives() {
        open("/products/5");
        submit("#add-to-cart");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("added")));
        open("/checkout");
        mark();
        type("name", "Katherine Johnson");
        type("address", "1 Langley Way, Hampton");
        type("email", "katherine@example.com");
        submit("#checkout");

        wait.until(ExpectedConditions.urlMatches("/orders/\\d+$"));
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-status")));
        assertThat(status.getText()).isEqualTo("pending");
        assertThat(marker()).as("client-side navigation to the order").isEqualTo(42L);
        long id = Long.parseLong(path().substring("/orders/".length()));
        Orders.Order order = new Orders(shop.shop().database().jdbi()).find(id).orElseThrow();

        pay(id, order.totalCents(), "evt_flow_js_" + id);
        wait.until(ExpectedConditions.textToBe(By.id("order-status"), "paid"));
        assertThat(marker()).as("no reload: the status came over the event stream").isEqualTo(42L);
    }

    @Test
    void anOpenedOrderPageTurnsPaidWithoutAReload() {
        open("/products/6");
        submit("#add-to-cart");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("added")));
        open("/checkout");
        type("name", "Dorothy Vaughan");
        type("address", "2 Langley Way, Hampton");
        type("email", "dorothy@example.com");
        submit("#checkout");
        wait.until(ExpectedConditions.urlMatches("/orders/\\d+$"));
        long id = Long.parseLong(path().substring("/orders/".length()));

        open("/orders/" + id);
        mark();
        assertThat(byId("order-status").getText()).isEqualTo("pending");
        pay(id, new Orders(shop.shop().database().jdbi()).find(id).orElseThrow().totalCents(), "evt_flow_js_open_" + id);
        wait.until(ExpectedConditions.textToBe(By.id("order-status"), "paid"));
        assertThat(marker()).isEqualTo(42L);
    }

    @Test
    void signUpLogInFillTheCartCheckOutAndSeeThePaymentArriveLive() {
        String email = "mary-" + System.nanoTime() + "@example.com";
        open("/signup");
        type("name", "Mary");
        type("email", email);
        type("password", "wind-tunnel-1958");
        browser.findElement(By.id("name")).findElement(By.xpath("ancestor::form//button[@type='submit']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("welcome"), "Thanks, Mary!"));
        open("/login");
        type("email", email);
        type("password", "wind-tunnel-1958");
        submit("#login-form");
        wait.until(ExpectedConditions.urlMatches("/$"));

        open("/products/9");
        mark();
        // The browser is shared by this class's tests: count from whatever the cart already holds.
        int before = Integer.parseInt(byId("cart-count").getText());
        type("quantity", "1");
        submit("#add-to-cart");
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), Integer.toString(before + 1)));
        open("/products/10");
        submit("#add-to-cart");
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), Integer.toString(before + 2)));
        open("/cart");
        mark();
        type("quantity-10", "3");
        browser.findElement(By.id("quantity-10")).findElement(By.xpath("ancestor::form//button[@type='submit']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), Integer.toString(before + 4)));
        assertThat(marker()).as("the quantity changed in place").isEqualTo(42L);

        open("/checkout");
        mark();
        type("name", "Mary Jackson");
        type("address", "3 Langley Way, Hampton");
        type("email", email);
        submit("#checkout");
        wait.until(ExpectedConditions.urlMatches("/orders/\\d+$"));
        long id = Long.parseLong(path().substring("/orders/".length()));
        Orders.Order order = new Orders(shop.shop().database().jdbi()).find(id).orElseThrow();
        assertThat(order.userId()).as("the order belongs to the signed-in account").isNotNull();
        pay(id, order.totalCents(), "evt_flow_js_account_" + id);
        wait.until(ExpectedConditions.textToBe(By.id("order-status"), "paid"));
        assertThat(marker()).isEqualTo(42L);
    }
}
