package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.security.Webhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Money;
import shop.data.Orders;
import shop.data.Products;

/** Shopping end to end in a browser with JavaScript off: plain links, form posts and full page loads. */
@Tag("db")
class ShopFlowWithoutJavaScriptTest extends HtmlUnitTestSupport {
    private static HtmlPage follow(HtmlPage page, String href) throws Exception {
        HtmlAnchor link = page.getFirstByXPath("//a[@href='" + href + "']");
        assertThat(link).as("a link to " + href).isNotNull();
        return link.click();
    }

    private static HtmlPage submit(HtmlForm form) throws Exception {
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    private static String text(HtmlPage page, String id) {
        return page.getHtmlElementById(id).asNormalizedText();
    }

    private Products.Product product(long id) {
        return new Products(shop.shop().database().jdbi()).find(id).orElseThrow();
    }

    @Test
    void browseAddTwoProductsChangeAQuantityCheckOutAndSeeThePaymentArrive() throws Exception {
        HtmlPage catalogue = follow(open("/posts"), "/products");
        assertThat(text(catalogue, "page-number")).isEqualTo("Page 1 of 50");

        HtmlPage first = follow(catalogue, "/products/2");
        assertThat(text(first, "cart-count")).isEqualTo("0");
        first.getHtmlElementById("quantity").setAttribute("value", "2");
        HtmlPage added = submit(first.getHtmlElementById("add-to-cart"));
        assertThat(added.getUrl().getPath()).isEqualTo("/products/2");
        assertThat(text(added, "cart-count")).isEqualTo("2");
        assertThat(text(added, "added")).isEqualTo("Added 2 × " + product(2).name() + " to your cart");

        HtmlPage secondPage = follow(follow(added, "/products"), "/products?page=2");
        HtmlPage second = follow(secondPage, "/products/24");
        HtmlPage addedAgain = submit(second.getHtmlElementById("add-to-cart"));
        assertThat(text(addedAgain, "cart-count")).isEqualTo("3");

        HtmlPage cart = follow(addedAgain, "/cart");
        assertThat(text(cart, "cart-count")).isEqualTo("3");
        cart.getHtmlElementById("quantity-24").setAttribute("value", "3");
        HtmlPage changed = submit((HtmlForm) cart.getHtmlElementById("quantity-24").getEnclosingForm());
        assertThat(changed.getUrl().getPath()).isEqualTo("/cart");
        assertThat(text(changed, "cart-count")).isEqualTo("5");
        long total = 2 * product(2).priceCents() + 3 * product(24).priceCents();
        assertThat(text(changed, "cart-total")).isEqualTo(Money.format(total));

        HtmlPage checkout = follow(changed, "/checkout");
        assertThat(text(checkout, "checkout-total")).isEqualTo(Money.format(total));
        HtmlPage incomplete = submit(checkout.getHtmlElementById("checkout"));
        assertThat(incomplete.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(text(incomplete, "name-error")).isEqualTo("Enter your name");
        incomplete.getHtmlElementById("name").type("Grace Hopper");
        incomplete.getHtmlElementById("address").type("1 Navy Yard, Arlington");
        incomplete.getHtmlElementById("email").type("grace@example.com");
        HtmlPage order = submit(incomplete.getHtmlElementById("checkout"));
        assertThat(order.getUrl().getPath()).matches("/orders/\\d+");
        assertThat(text(order, "order-status")).isEqualTo("pending");
        assertThat(text(order, "order-total")).isEqualTo(Money.format(total));
        long id = Long.parseLong(order.getUrl().getPath().substring("/orders/".length()));
        assertThat(new Orders(shop.shop().database().jdbi()).find(id).orElseThrow().totalCents()).isEqualTo(total);

        String event = """
                {"id":"evt_flow_no_js","object":"event","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount_received":%d,"metadata":{"order_id":"%d"}}}}"""
                .formatted(total, id);
        String signature = Webhooks.stripeSignature(ShopConfig.TEST_STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond(),
                event.getBytes(StandardCharsets.UTF_8));
        assertThat(shop.client().postJson("/api/webhooks/stripe", event, "Stripe-Signature", signature).status()).isEqualTo(200);

        HtmlPage reloaded = (HtmlPage) order.refresh();
        assertThat(text(reloaded, "order-status")).isEqualTo("paid");
        assertThat(text(follow(reloaded, "/cart"), "cart-count")).as("the cart was emptied at checkout").isEqualTo("0");
    }

    @Test
    void signUpFillACartAsAGuestLogInAndTheCartFollowsTheAccountToAPaidOrder() throws Exception {
        HtmlPage signup = open("/signup");
        signup.getHtmlElementById("name").type("Katherine");
        signup.getHtmlElementById("email").type("katherine@example.com");
        signup.getHtmlElementById("password").type("orbital-mechanics");
        HtmlPage welcomed = submit(signup.getHtmlElementById("name").getEnclosingForm());
        assertThat(welcomed.asNormalizedText()).contains("Thanks, Katherine! Log in as katherine@example.com to continue.");
        assertThat(open("/account").getUrl().getPath()).as("signing up signs nobody in").isEqualTo("/login");

        HtmlPage product = open("/products/5");
        product.getHtmlElementById("quantity").setAttribute("value", "2");
        assertThat(text(submit(product.getHtmlElementById("add-to-cart")), "cart-count")).isEqualTo("2");

        HtmlPage login = open("/login");
        login.getHtmlElementById("email").type("katherine@example.com");
        login.getHtmlElementById("password").type("orbital-mechanics");
        HtmlPage home = submit(login.getHtmlElementById("login-form"));
        assertThat(home.getUrl().getPath()).isEqualTo("/");
        HtmlPage cart = open("/cart");
        assertThat(text(cart, "cart-count")).as("the guest cart became the account's").isEqualTo("2");

        HtmlPage checkout = follow(cart, "/checkout");
        checkout.getHtmlElementById("name").type("Katherine Johnson");
        checkout.getHtmlElementById("address").type("1 Langley Way, Hampton");
        checkout.getHtmlElementById("email").type("katherine@example.com");
        HtmlPage order = submit(checkout.getHtmlElementById("checkout"));
        long id = Long.parseLong(order.getUrl().getPath().substring("/orders/".length()));
        Orders orders = new Orders(shop.shop().database().jdbi());
        assertThat(orders.find(id).orElseThrow().userId()).as("the order belongs to the signed-in account").isNotNull();

        long total = orders.find(id).orElseThrow().totalCents();
        String event = """
                {"id":"evt_flow_account","object":"event","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount_received":%d,"metadata":{"order_id":"%d"}}}}"""
                .formatted(total, id);
        String signature = Webhooks.stripeSignature(ShopConfig.TEST_STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond(),
                event.getBytes(StandardCharsets.UTF_8));
        assertThat(shop.client().postJson("/api/webhooks/stripe", event, "Stripe-Signature", signature).status()).isEqualTo(200);
        assertThat(text((HtmlPage) order.refresh(), "order-status")).isEqualTo("paid");
    }
}
