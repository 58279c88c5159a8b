package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.TestResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Money;
import shop.data.Products;

/** The cart over plain HTTP: each visitor's own, kept by the session, always at the catalogue's current prices. */
@Tag("db")
class CartTest extends ShopTestSupport {
    static Products.Product product(long id) {
        return new Products(shop.shop().database().jdbi()).find(id).orElseThrow();
    }

    /** The text of the element with {@code id} in a page (no nested tags). */
    static String text(TestResponse page, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(page.body());
        return m.find() ? m.group(1) : null;
    }

    static String dollars(long cents) {
        return Money.format(cents);
    }

    @Test
    void twoProductsAreAddedThenOneChangesQuantityAndTheOtherIsRemoved() {
        Shopper shopper = new Shopper(client);
        Products.Product first = product(1);
        Products.Product second = product(2);

        TestResponse added = shopper.addToCart(1, 2);
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.header("Location")).isEqualTo("/products/1");
        assertThat(text(shopper.get("/products/1"), "cart-count")).isEqualTo("2");
        assertThat(shopper.addToCart(2, 1).status()).isEqualTo(303);

        TestResponse cart = shopper.get("/cart");
        assertThat(text(cart, "cart-count")).isEqualTo("3");
        assertThat(text(cart, "cart-total")).isEqualTo(dollars(2 * first.priceCents() + second.priceCents()));

        // Each line has two forms, quantity then remove, in product order.
        TestResponse changed = shopper.submit("/cart", 2, "quantity=3");
        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.header("Location")).isEqualTo("/cart");
        cart = shopper.get("/cart");
        assertThat(text(cart, "cart-count")).isEqualTo("5");
        assertThat(text(cart, "cart-total")).isEqualTo(dollars(2 * first.priceCents() + 3 * second.priceCents()));

        assertThat(shopper.submit("/cart", 1, "").status()).isEqualTo(303);
        cart = shopper.get("/cart");
        assertThat(cart.body()).doesNotContain("id=\"item-1\"").contains("id=\"item-2\"");
        assertThat(text(cart, "cart-count")).isEqualTo("3");
        assertThat(text(cart, "cart-total")).isEqualTo(dollars(3 * second.priceCents()));
    }

    @Test
    void eachVisitorHasTheirOwnCart() {
        Shopper mine = new Shopper(client);
        mine.addToCart(5, 1);
        Shopper theirs = new Shopper(client);
        assertThat(text(theirs.get("/products/5"), "cart-count")).isEqualTo("0");
        assertThat(theirs.get("/cart").body()).contains("id=\"cart-empty\"");
        assertThat(text(mine.get("/cart"), "cart-count")).isEqualTo("1");
    }

    @Test
    void moreThanTheStockOrABadQuantityIsRefusedAndChangesNothing() {
        Shopper shopper = new Shopper(client);
        Products.Product few = product(4);
        TestResponse tooMany = shopper.addToCart(4, few.stock() + 1);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(text(tooMany, "quantity-error")).isEqualTo("Only " + few.stock() + " left");
        assertThat(tooMany.body()).contains("value=\"" + (few.stock() + 1) + "\"");

        TestResponse zero = shopper.addToCart(4, 0);
        assertThat(zero.status()).isEqualTo(422);
        assertThat(text(zero, "quantity-error")).isEqualTo("Enter at least 1");
        assertThat(text(shopper.get("/products/4"), "cart-count")).isEqualTo("0");

        assertThat(shopper.addToCart(4, few.stock()).status()).isEqualTo(303);
        TestResponse oneMore = shopper.addToCart(4, 1);
        assertThat(oneMore.status()).isEqualTo(422);
        assertThat(text(shopper.get("/cart"), "cart-count")).isEqualTo(Integer.toString(few.stock()));
    }

    @Test
    void aSoldOutProductHasNoAddToCartForm() {
        assertThat(product(7).stock()).isZero();
        TestResponse page = client.get("/products/7");
        assertThat(text(page, "product-stock")).isEqualTo("Sold out");
        assertThat(page.body()).doesNotContain("id=\"add-to-cart\"");
    }

    @Test
    void theCatalogueIsPagedAndCachedForEveryone() {
        TestResponse first = client.get("/products");
        assertThat(first.status()).isEqualTo(200);
        assertThat(text(first, "page-number")).isEqualTo("Page 1 of 50");
        assertThat(first.body()).contains("href=\"/products/1\"").contains("href=\"/products/20\"").doesNotContain("href=\"/products/21\"");
        assertThat(client.get("/products").header("X-Arbor-Cache")).isEqualTo("HIT");
        TestResponse third = client.get("/products?page=3");
        assertThat(third.body()).contains("href=\"/products/41\"").contains("id=\"previous-page\"").contains("id=\"next-page\"");
        assertThat(client.get("/products?page=51").status()).isEqualTo(404);
        assertThat(client.get("/products?page=0").status()).isEqualTo(404);
        assertThat(client.get("/products?page=x").status()).isEqualTo(400);
    }

    @Test
    void queryParametersTheCatalogueDoesNotReadMakeNoNewCachedPages() {
        TestResponse second = client.get("/products?page=2");
        assertThat(text(second, "page-number")).isEqualTo("Page 2 of 50");
        for (int i = 0; i < 20; i++) {
            TestResponse tracked = client.get("/products?utm_source=mail-" + i + "&page=2");
            assertThat(tracked.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(text(tracked, "page-number")).isEqualTo("Page 2 of 50");
        }
    }
}
