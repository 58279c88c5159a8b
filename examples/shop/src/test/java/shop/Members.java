package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import shop.data.Accounts;

/**
 * Signed-in callers for tests: accounts made directly in the database (no page, no limit touched), then signed in
 * by a session (a {@link Visitor} that logged in through the login form) or by an API key.
 */
final class Members {
    static final String PASSWORD = "members-password";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Members() {}

    static Accounts.Account customer(TestShop shop) {
        return create(shop, Accounts.CUSTOMER);
    }

    static Accounts.Account admin(TestShop shop) {
        return create(shop, Accounts.ADMIN);
    }

    private static Accounts.Account create(TestShop shop, String role) {
        int n = NEXT.incrementAndGet();
        return accounts(shop).create(role + " " + n, role + "-" + n + "-" + System.nanoTime() + "@example.com", PASSWORD, role);
    }

    /** An {@code Authorization} header value with a fresh API key of {@code account}. */
    static String bearer(TestShop shop, Accounts.Account account) {
        return "Bearer " + accounts(shop).issueKey(account.id()).token();
    }

    /**
     * A visitor signed in as {@code account} through the login form, from a loopback address of its own (127.0.0.200
     * and up, above the ones other test classes count from) so that no login limit is shared.
     */
    static Visitor signedIn(TestShop shop, Accounts.Account account) {
        Visitor visitor = new Visitor(shop.client().base(), "127.0.0." + (200 + NEXT.incrementAndGet() % 50));
        TestResponse login = visitor.submit("/login", 0,
                "email=" + URLEncoder.encode(account.email(), StandardCharsets.UTF_8) + "&password=" + PASSWORD);
        assertThat(login.status()).as("login of " + account.email()).isEqualTo(303);
        return visitor;
    }

    /** A visitor nobody signed in. */
    static Visitor anonymous(TestShop shop) {
        return new Visitor(shop.client().base(), "127.0.0." + (200 + NEXT.incrementAndGet() % 50));
    }

    private static Accounts accounts(TestShop shop) {
        return new Accounts(shop.shop().database().jdbi());
    }
}
