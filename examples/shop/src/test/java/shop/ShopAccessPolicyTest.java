package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;

/**
 * The shop's {@code @Authenticated} action called by someone not signed in: the action's id is no secret (every
 * signed-in page shows it), and the caller holds a valid CSRF token of their own, yet the action answers 401 and
 * writes nothing. A page that redirects strangers away does not protect the actions its forms call; the policy does.
 */
@Tag("db")
class ShopAccessPolicyTest extends ShopTestSupport {
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(60);

    private static Visitor visitor() {
        return new Visitor(client.base(), "127.0.0." + NEXT_ADDRESS.getAndIncrement());
    }

    private static Jdbi jdbi() {
        return shop.shop().database().jdbi();
    }

    private static String nameOf(long id) {
        return new Accounts(jdbi()).find(id).orElseThrow().name();
    }

    private static int usersNamed(String name) {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE name = :name").bind("name", name)
                .mapTo(Integer.class).one());
    }

    private static Visitor signedIn(String email, String password) {
        Visitor visitor = visitor();
        TestResponse login = visitor.submit("/login", 0, "email=" + email.replace("@", "%40") + "&password=" + password);
        assertThat(login.status()).isEqualTo(303);
        return visitor;
    }

    @Test
    void renamingAnAccountWithoutASessionIs401AndWritesNothing() {
        String email = "rename-" + System.nanoTime() + "@example.com";
        Accounts.Account account = new Accounts(jdbi()).create("Ada", email, "rename-pass", Accounts.CUSTOMER);
        String renameId = ActionForm.of(signedIn(email, "rename-pass").get("/account"), 1).action();

        Visitor stranger = visitor();
        ActionForm own = ActionForm.of(stranger.get("/login"), 0);
        String forged = own.with(renameId, own.csrf(), null).body("name=Mallory");

        TestResponse plain = stranger.post("/account", forged, "application/x-www-form-urlencoded", "Accept", "text/html");
        assertThat(plain.status()).isEqualTo(401);
        assertThat(plain.header("Content-Type")).startsWith("text/html");
        assertThat(plain.body()).contains("Sign in first", "Nothing was changed", "<a href=\"/account\">");
        TestResponse script = stranger.post("/account", forged, "application/x-www-form-urlencoded");
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.header("Content-Type")).isEqualTo("application/problem+json");
        TestResponse enhanced = stranger.post("/account", forged, "application/x-www-form-urlencoded", "Arbor-Enhanced", "1");
        assertThat(enhanced.status()).isEqualTo(401);
        assertThat(enhanced.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(plain.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_session="));

        assertThat(nameOf(account.id())).isEqualTo("Ada");
        assertThat(usersNamed("Mallory")).isZero();
    }

    @Test
    void theSignedInOwnerRenamesTheirOwnAccount() {
        String email = "owner-" + System.nanoTime() + "@example.com";
        Accounts.Account account = new Accounts(jdbi()).create("Grace", email, "owner-pass!", Accounts.CUSTOMER);
        Visitor owner = signedIn(email, "owner-pass!");

        TestResponse renamed = owner.submit("/account", 1, "name=Grace+Hopper");
        assertThat(renamed.status()).isEqualTo(303);
        assertThat(renamed.header("Location")).isEqualTo("/account");
        assertThat(nameOf(account.id())).isEqualTo("Grace Hopper");
        assertThat(owner.get("/account").body()).contains("Your name is now Grace Hopper");

        assertThat(owner.submit("/account", 1, "name=").status()).isEqualTo(422);
        assertThat(nameOf(account.id())).isEqualTo("Grace Hopper");
    }
}
