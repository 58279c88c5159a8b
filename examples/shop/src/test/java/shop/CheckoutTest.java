package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static shop.CartTest.product;
import static shop.CartTest.text;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Orders;
import shop.data.Products;

/** Checkout over plain HTTP: validation, totals from the catalogue, one order per form, orders for their owner only. */
@Tag("db")
class CheckoutTest extends ShopTestSupport {
    static final String DETAILS = "name=Ada+Lovelace&address=12+St+James%27s+Square%2C+London&email=ada%40example.com";

    static Orders orders() {
        return new Orders(shop.shop().database().jdbi());
    }

    /** The checkout form as the page rendered it, with its idempotency key. */
    record Checkout(ActionForm form, String key) {
        static Checkout of(Shopper shopper) {
            TestResponse page = shopper.get("/checkout");
            Matcher key = Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(key.find()).as("the checkout page renders an idempotency key").isTrue();
            return new Checkout(ActionForm.of(page, 0), key.group(1));
        }

        TestResponse submit(Shopper shopper, String fields) {
            return shopper.submit("/checkout", form, fields + "&idempotencyKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        }
    }

    static long orderId(TestResponse redirect) {
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(303);
        assertThat(redirect.header("Location")).matches("/orders/\\d+");
        return Long.parseLong(redirect.header("Location").substring("/orders/".length()));
    }

    /** A shopper who has put products in the cart and placed an order; the order's id. */
    static long placeOrder(Shopper shopper, long productId, int quantity) {
        assertThat(shopper.addToCart(productId, quantity).status()).isEqualTo(303);
        return orderId(Checkout.of(shopper).submit(shopper, DETAILS));
    }

    @Test
    void missingOrInvalidFieldsComeBackWithTheValuesKeptAndPlaceNothing() {
        Shopper shopper = new Shopper(client);
        shopper.addToCart(8, 1);
        int before = orders().count();
        Checkout checkout = Checkout.of(shopper);
        TestResponse failed = checkout.submit(shopper, "name=Ada&address=&email=not-an-email");
        assertThat(failed.status()).isEqualTo(422);
        assertThat(text(failed, "address-error")).isEqualTo("Enter your address");
        assertThat(text(failed, "email-error")).isEqualTo("Enter a valid email");
        assertThat(failed.body()).doesNotContain("id=\"name-error\"");
        assertThat(failed.body()).contains("id=\"name\" name=\"name\" value=\"Ada\"").contains("value=\"not-an-email\"");
        assertThat(orders().count()).isEqualTo(before);
        assertThat(text(shopper.get("/cart"), "cart-count")).as("the cart is kept").isEqualTo("1");
    }

    @Test
    void anEmptyCartIsRefusedWithAFormMessage() {
        Shopper shopper = new Shopper(client);
        assertThat(shopper.get("/checkout").body()).contains("id=\"cart-empty\"").doesNotContain("id=\"checkout\"");
        shopper.addToCart(9, 1);
        Checkout checkout = Checkout.of(shopper);
        // Emptied in another tab after the checkout page was shown.
        assertThat(shopper.submit("/cart", 1, "").status()).isEqualTo(303);
        int before = orders().count();
        TestResponse refused = checkout.submit(shopper, DETAILS);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(text(refused, "form-error")).isEqualTo("Your cart is empty");
        assertThat(orders().count()).isEqualTo(before);
    }

    @Test
    void theTotalIsComputedFromTheCataloguePricesAndNoFieldCanChangeIt() {
        Products products = new Products(shop.shop().database().jdbi());
        Shopper shopper = new Shopper(client);
        shopper.addToCart(10, 2);
        shopper.addToCart(11, 1);
        // The price changes after the items went into the cart: the order is charged at the price of the checkout.
        products.setPrice(11, 4321);
        int before = orders().count();
        Checkout checkout = Checkout.of(shopper);

        for (String tampered : List.of("totalCents=1", "total_cents=1", "priceCents=1", "unitPriceCents=1", "amount=1")) {
            TestResponse refused = checkout.submit(shopper, DETAILS + "&" + tampered);
            assertThat(refused.status()).as(tampered).isEqualTo(422);
            assertThat(orders().count()).as(tampered).isEqualTo(before);
        }

        long id = orderId(checkout.submit(shopper, DETAILS));
        long expected = 2 * product(10).priceCents() + 4321;
        Orders.Order order = orders().find(id).orElseThrow();
        assertThat(order.totalCents()).isEqualTo(expected);
        assertThat(order.status()).isEqualTo("pending");
        assertThat(order.name()).isEqualTo("Ada Lovelace");
        assertThat(orders().lines(id)).extracting(Orders.Line::productId, Orders.Line::quantity, Orders.Line::unitPriceCents)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 2, product(10).priceCents()),
                        org.assertj.core.groups.Tuple.tuple(11L, 1, 4321L));
        TestResponse page = shopper.get("/orders/" + id);
        assertThat(text(page, "order-total")).isEqualTo(CartTest.dollars(expected));
        assertThat(text(page, "order-status")).isEqualTo("pending");
        assertThat(text(shopper.get("/cart"), "cart-count")).as("the cart is emptied").isEqualTo("0");
    }

    @Test
    void theSameFormSubmittedTwicePlacesOneOrderAndBothAnswersLeadToIt() {
        Shopper shopper = new Shopper(client);
        shopper.addToCart(12, 1);
        int before = orders().count();
        Checkout checkout = Checkout.of(shopper);
        long first = orderId(checkout.submit(shopper, DETAILS));
        long second = orderId(checkout.submit(shopper, DETAILS));
        assertThat(second).isEqualTo(first);
        assertThat(orders().count()).isEqualTo(before + 1);

        TestResponse otherDetails = checkout.submit(shopper, DETAILS.replace("Ada+Lovelace", "Someone+Else"));
        assertThat(otherDetails.status()).isEqualTo(422);
        assertThat(text(otherDetails, "form-error")).startsWith("This checkout form was already used");
        assertThat(orders().count()).isEqualTo(before + 1);
    }

    @Test
    void concurrentSubmitsOfOneFormPlaceOneOrder() throws Exception {
        Shopper shopper = new Shopper(client);
        shopper.addToCart(13, 2);
        int stock = product(13).stock();
        int before = orders().count();
        Checkout checkout = Checkout.of(shopper);
        List<Future<TestResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit((Callable<TestResponse>) () -> checkout.submit(shopper, DETAILS)));
            }
        }
        long id = orderId(answers.getFirst().get());
        for (Future<TestResponse> answer : answers) {
            assertThat(orderId(answer.get())).isEqualTo(id);
        }
        assertThat(orders().count()).isEqualTo(before + 1);
        assertThat(product(13).stock()).as("the stock is taken once").isEqualTo(stock - 2);
    }

    @Test
    void onlyTheOwnerSeesTheOrderAndItsEventsOthersGet404() {
        Shopper owner = new Shopper(client);
        long id = placeOrder(owner, 15, 1);
        assertThat(owner.get("/orders/" + id).status()).isEqualTo(200);

        Shopper stranger = new Shopper(client);
        stranger.addToCart(15, 1);
        TestResponse refused = stranger.get("/orders/" + id);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("Order not found").doesNotContain("Ada");
        assertThat(client.get("/orders/" + id).status()).as("no cookies at all").isEqualTo(404);
        assertThat(owner.get("/orders/999999").status()).isEqualTo(404);
        assertThat(stranger.get("/api/orders/" + id + "/events").status()).isEqualTo(404);
        assertThat(client.get("/api/orders/" + id + "/events").status()).isEqualTo(404);
    }

    @Test
    void theOwnersStatusStreamStartsWithTheCurrentStatus() throws Exception {
        Shopper owner = new Shopper(client);
        long id = placeOrder(owner, 23, 1);
        var stream = owner.stream("/api/orders/" + id + "/events");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (var reader = Shopper.reader(stream)) {
            assertThat(Shopper.nextEvent(reader)).containsExactly("event: status", "data: {\"status\":\"pending\"}");
        }
    }

    @Test
    void aCheckoutTakesTheStockAndTheCachedCatalogueShowsItAtOnce() {
        Products.Product before = product(3);
        client.get("/products");
        TestResponse cached = client.get("/products");
        assertThat(cached.header("X-Arbor-Cache")).isEqualTo("HIT");
        assertThat(cached.body()).contains(before.stock() + " in stock");

        placeOrder(new Shopper(client), 3, 2);
        assertThat(product(3).stock()).isEqualTo(before.stock() - 2);
        TestResponse fresh = client.get("/products");
        assertThat(fresh.header("X-Arbor-Cache")).isEqualTo("MISS");
        Matcher line = Pattern.compile("id=\"product-3\">.*?<span class=\"stock\">([^<]*)<", Pattern.DOTALL).matcher(fresh.body());
        assertThat(line.find()).isTrue();
        assertThat(line.group(1)).isEqualTo((before.stock() - 2) + " in stock");
    }

    @Test
    void aCheckoutAskingForMoreThanIsLeftPlacesNothingAndKeepsTheCart() {
        Products products = new Products(shop.shop().database().jdbi());
        Shopper shopper = new Shopper(client);
        shopper.addToCart(16, 3);
        products.setStock(16, 2);
        int before = orders().count();
        TestResponse refused = Checkout.of(shopper).submit(shopper, DETAILS);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(text(refused, "form-error")).isEqualTo(product(16).name() + " has only 2 left: change the quantity in your cart");
        assertThat(orders().count()).isEqualTo(before);
        assertThat(product(16).stock()).isEqualTo(2);
        assertThat(text(shopper.get("/cart"), "cart-count")).isEqualTo("3");
    }
}
