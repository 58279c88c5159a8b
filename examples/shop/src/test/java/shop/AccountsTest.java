package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Identity;
import dev.arbor.test.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;
import shop.data.Users;

/** Accounts in the database: the first administrator, made from the configuration at start. */
@Tag("db")
class AccountsTest extends ShopTestSupport {
    private static Jdbi jdbi() {
        return shop.shop().database().jdbi();
    }

    private static String storedHash(String email) {
        return jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = :email")
                .bind("email", email).mapTo(String.class).one());
    }

    /** A customer account made directly, without going through a page (and without touching any limit). */
    private static Accounts.Account customer(String email, String password) {
        return new Accounts(jdbi()).create("Customer", email, password, Accounts.CUSTOMER);
    }

    @Test
    void theFirstAdminIsCreatedOnceAndAnExistingAccountIsNeverPromoted() {
        Accounts accounts = new Accounts(jdbi());
        accounts.ensureAdmin("First.Admin@example.com", "first admin password");
        String hash = storedHash("first.admin@example.com");
        accounts.ensureAdmin("first.admin@example.com", "a different password");
        assertThat(storedHash("first.admin@example.com")).isEqualTo(hash);
        assertThat(accounts.findByEmail("first.admin@example.com").orElseThrow().role()).isEqualTo("admin");
        assertThat(accounts.login("first.admin@example.com", "first admin password")).isPresent();

        customer("not.admin@example.com", "customer password");
        accounts.ensureAdmin("not.admin@example.com", "attacker's password");
        assertThat(accounts.findByEmail("not.admin@example.com").orElseThrow().role()).isEqualTo("customer");
        assertThat(accounts.login("not.admin@example.com", "attacker's password")).isEmpty();
    }

    @Test
    void anIssuedKeyResolvesToItsOwnerWithTheirRoleAndAnythingElseToNobody() {
        Accounts accounts = new Accounts(jdbi());
        Accounts.Account owner = customer("resolve@example.com", "resolve password");
        Accounts.IssuedKey key = accounts.issueKey(owner.id());
        assertThat(accounts.resolve(key.token())).contains(new Identity(String.valueOf(owner.id()), Set.of("customer")));
        assertThat(accounts.issueKey(owner.id()).token()).isNotEqualTo(key.token());
        assertThat(accounts.resolve(Accounts.sha256(key.token()))).isEmpty();
        assertThat(accounts.resolve(key.token().substring(0, 20))).isEmpty();
        assertThat(accounts.resolve("shop_" + "A".repeat(43))).isEmpty();
        assertThat(accounts.resolve(null)).isEmpty();
    }
}
