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

/**
 * Accounts over real HTTP: sign-up, login and logout actions with their session cookie, the login limits, the
 * admin API behind a role, and API keys as bearer tokens. Each test connects from its own loopback address, so
 * the per-address login limit of one test never touches another.
 */
@Tag("db")
class AccountsTest extends ShopTestSupport {
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);
    private static final String ARGON2ID = "^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$";

    private static Visitor visitor() {
        return new Visitor(client.base(), "127.0.0." + NEXT_ADDRESS.getAndIncrement());
    }

    private static Jdbi jdbi() {
        return shop.shop().database().jdbi();
    }

    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private static TestResponse signUp(Visitor visitor, String name, String email, String password) {
        return visitor.submit("/signup", 0, form("name", name, "email", email, "password", password));
    }

    /** Signs up, then logs in with the login form: sign-up alone signs nobody in. */
    private static void signUpAndLogIn(Visitor visitor, String name, String email, String password) {
        assertThat(signUp(visitor, name, email, password).status()).isEqualTo(303);
        assertThat(logIn(visitor, email, password).status()).isEqualTo(303);
    }

    private static TestResponse logIn(Visitor visitor, String email, String password) {
        return visitor.submit("/login", 0, form("email", email, "password", password));
    }

    private static int users() {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    }

    private static int keys() {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
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
    void signingUpCreatesTheCustomerWhoThenLogsInAndTheAccountPageShowsThem() {
        Visitor ada = visitor();
        int before = users();
        TestResponse signedUp = signUp(ada, "Ada", "ada.account@example.com", "correct horse");
        assertThat(signedUp.status()).isEqualTo(303);
        assertThat(signedUp.header("Location")).isEqualTo("/signup");
        assertThat(users()).isEqualTo(before + 1);
        assertThat(ada.get("/signup").body()).contains("Thanks, Ada! Log in as ada.account@example.com to continue.");
        assertThat(ada.get("/api/account").status()).isEqualTo(401);

        TestResponse loggedIn = logIn(ada, "ada.account@example.com", "correct horse");
        // Sealed, not readable: no JSON of the name (a quote never occurs in base64url; a bare "Ada" can, by chance).
        assertThat(loggedIn.setCookie("arbor_session")).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("\"Ada\"", "customer");

        TestResponse account = ada.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains("ada.account@example.com", ">customer<", "Log out");
        TestResponse me = ada.get("/api/account");
        assertThat(me.json().get("email").asText()).isEqualTo("ada.account@example.com");
        assertThat(me.json().get("role").asText()).isEqualTo("customer");

        TestResponse anonymous = visitor().get("/account");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).isEqualTo("/login?next=/account");
        assertThat(visitor().get("/api/account").status()).isEqualTo(401);
    }

    @Test
    void signingUpWithATakenAddressLooksExactlyLikeAFreshSignUpAndChangesNothing() {
        customer("owner.taken@example.com", "the owner's password");
        String ownersHash = storedHash("owner.taken@example.com");
        int before = users();
        Visitor newcomer = visitor();
        Visitor prober = visitor();
        TestResponse fresh = signUp(newcomer, "Sam", "sam.fresh@example.com", "sam's password");
        TestResponse taken = signUp(prober, "Sam", "Owner.Taken@example.com", "sam's password");

        assertThat(taken.status()).isEqualTo(fresh.status()).isEqualTo(303);
        assertThat(taken.header("Location")).isEqualTo(fresh.header("Location"));
        assertThat(taken.headers().map().keySet()).isEqualTo(fresh.headers().map().keySet());
        assertThat(cookieNames(taken)).isEqualTo(cookieNames(fresh));
        String freshPage = newcomer.get("/signup").body();
        assertThat(freshPage).contains("id=\"welcome\"");
        // Each visitor has a CSRF token of their own; everything else is the same.
        assertThat(comparable(prober.get("/signup").body(), "Owner.Taken@example.com").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "csrf"))
                .isEqualTo(comparable(freshPage, "sam.fresh@example.com").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "csrf"));
        assertThat(prober.get("/api/account").status()).as("nobody signed in").isEqualTo(401);
        assertThat(newcomer.get("/api/account").status()).as("nor the newcomer: signing in is the login form's").isEqualTo(401);

        assertThat(users()).isEqualTo(before + 1);
        assertThat(storedHash("owner.taken@example.com")).as("the owner's account untouched").isEqualTo(ownersHash);
        assertThat(logIn(newcomer, "sam.fresh@example.com", "sam's password").status()).isEqualTo(303);
        assertThat(newcomer.get("/api/account").json().get("email").asText()).isEqualTo("sam.fresh@example.com");
    }

    /**
     * Each sign-up costs an Argon2id hash and brings an upload quota: ten from one network within an hour, new or
     * taken addresses alike, and the eleventh is refused before anything is hashed or stored, the same way whether
     * its address was new or taken.
     */
    @Test
    void theEleventhSignUpFromOneAddressWithinAnHourAnswers429WithRetryAfterTheSameForANewAndATakenAddress() {
        customer("owner.limited@example.com", "the owner's password");
        Visitor script = visitor();
        for (int i = 1; i <= 10; i++) {
            String email = i % 2 == 0 ? "Owner.Limited@example.com" : "script" + i + "@example.com";
            assertThat(signUp(script, "Bot", email, "a password " + i).status()).as("sign-up " + i).isEqualTo(303);
        }
        int before = users();
        String ownersHash = storedHash("owner.limited@example.com");

        TestResponse fresh = signUp(script, "Bot", "script11@example.com", "a password 11");
        TestResponse taken = signUp(script, "Bot", "owner.limited@example.com", "a password 12");
        for (TestResponse refused : List.of(fresh, taken)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
            assertThat(refused.body()).containsPattern("Too many sign-ups from your network; try again in \\d+ minutes?")
                    .doesNotContain("Exception", "dev.arbor", "shop.");
        }
        assertThat(taken.body()).isEqualTo(fresh.body());
        assertThat(taken.headers().map().keySet()).isEqualTo(fresh.headers().map().keySet());
        assertThat(users()).as("nothing created").isEqualTo(before);
        assertThat(storedHash("owner.limited@example.com")).isEqualTo(ownersHash);

        // Another network signs up as before.
        assertThat(signUp(visitor(), "Bea", "bea.elsewhere@example.com", "bea's password").status()).isEqualTo(303);
        assertThat(users()).isEqualTo(before + 1);
    }

    private static List<String> cookieNames(TestResponse response) {
        return response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf('='))).sorted().toList();
    }

    @Test
    void loggingInRotatesTheSessionCookieAndIdAndLoggingOutEndsIt() {
        Visitor grace = visitor();
        signUpAndLogIn(grace, "Grace", "grace.rotate@example.com", "hopper-1906");
        String firstCookie = grace.cookie("arbor_session");
        String firstId = grace.get("/api/account").json().get("session").asText();

        TestResponse loggedIn = logIn(grace, "Grace.Rotate@example.com", "hopper-1906");
        assertThat(loggedIn.status()).isEqualTo(303);
        assertThat(loggedIn.header("Location")).isEqualTo("/");
        assertThat(grace.cookie("arbor_session")).isNotNull().isNotEqualTo(firstCookie);
        String loggedInId = grace.get("/api/account").json().get("session").asText();
        assertThat(loggedInId).isNotBlank().isNotEqualTo(firstId);

        Visitor fresh = visitor();
        assertThat(fresh.get("/login").status()).isEqualTo(200);
        assertThat(fresh.cookie("arbor_session")).isNull();
        logIn(fresh, "grace.rotate@example.com", "hopper-1906");
        assertThat(fresh.cookie("arbor_session")).isNotNull().isNotEqualTo(grace.cookie("arbor_session"));
        assertThat(fresh.get("/api/account").json().get("session").asText()).isNotEqualTo(loggedInId);

        TestResponse loggedOut = grace.submit("/account", 0, "");
        assertThat(loggedOut.status()).isEqualTo(303);
        assertThat(loggedOut.header("Location")).isEqualTo("/login");
        assertThat(loggedOut.setCookie("arbor_session")).startsWith("arbor_session=;").contains("Max-Age=0");
        assertThat(grace.get("/api/account").status()).isEqualTo(401);
        assertThat(grace.get("/account").status()).isEqualTo(303);
    }

    @Test
    void theCookieFromBeforeLoginAndTheOneFromBeforeLogoutAreWorthNothingWhenReplayed() {
        customer("replay@example.com", "replay password");
        Visitor shopper = visitor();
        assertThat(shopper.submit("/products/1", 0, "quantity=1").status()).isEqualTo(303);
        String anonymous = shopper.cookie("arbor_session");
        String anchorBefore = shopper.cookie("arbor_csrf");
        assertThat(anonymous).isNotNull();
        assertThat(anchorBefore).isNotNull();

        assertThat(logIn(shopper, "replay@example.com", "replay password").status()).isEqualTo(303);
        assertThat(shopper.cookie("arbor_csrf")).as("the CSRF anchor rotates at login").isNotNull().isNotEqualTo(anchorBefore);
        String signedIn = shopper.cookie("arbor_session");
        assertThat(CartTest.text(shopper.get("/cart"), "cart-count")).isEqualTo("1");

        // Whoever kept (or planted) the cookie from before the login gets neither the account nor the cart it moved to.
        Visitor planter = visitor();
        planter.setCookie("arbor_session", anonymous);
        assertThat(planter.get("/api/account").status()).isEqualTo(401);
        assertThat(CartTest.text(planter.get("/cart"), "cart-count")).isEqualTo("0");

        TestResponse loggedOut = shopper.submit("/account", 0, "");
        assertThat(loggedOut.status()).isEqualTo(303);
        assertThat(loggedOut.header("Location")).isEqualTo("/login");
        Visitor thief = visitor();
        thief.setCookie("arbor_session", signedIn);
        assertThat(thief.get("/api/account").status()).isEqualTo(401);
        assertThat(thief.get("/account").status()).isEqualTo(303);
        assertThat(CartTest.text(thief.get("/cart"), "cart-count")).isEqualTo("0");
    }

    @Test
    void afterLoginTheVisitorGoesToASafeNextPathOnly() {
        customer("next@example.com", "next-password");
        Map<String, String> expected = Map.of(
                "/account", "/account",
                "/posts?page=2", "/posts?page=2",
                "//evil.example/", "/",
                "https://evil.example/", "/",
                "/\\evil.example", "/",
                "/\r\nSet-Cookie: x=y", "/",
                "/%0d%0a", "/%0d%0a",
                "account", "/");
        expected.forEach((next, location) -> {
            Visitor visitor = visitor();
            String page = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
            TestResponse answer = visitor.submit(page, 0, form("email", "next@example.com", "password", "next-password"));
            assertThat(answer.status()).as(next).isEqualTo(303);
            assertThat(answer.header("Location")).as(next).isEqualTo(location);
        });
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        customer("known@example.com", "the right one");
        Visitor visitor = visitor();
        TestResponse wrongPassword = logIn(visitor, "known@example.com", "not the right one");
        TestResponse unknownEmail = logIn(visitor, "unknown@example.com", "not the right one");
        new Users(jdbi()).create("From the API", "api.only@example.com");
        TestResponse noPassword = logIn(visitor, "api.only@example.com", "not the right one");
        for (TestResponse answer : List.of(wrongPassword, unknownEmail, noPassword)) {
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body()).contains("<p class=\"error\" id=\"login-error\" role=\"alert\">Wrong email or password</p>")
                    .doesNotContain("not the right one");
            assertThat(answer.setCookie("arbor_session")).isNull();
        }
        assertThat(wrongPassword.body()).contains("value=\"known@example.com\"");
        assertThat(unknownEmail.body()).contains("value=\"unknown@example.com\"");
        assertThat(comparable(wrongPassword.body(), "known@example.com"))
                .isEqualTo(comparable(unknownEmail.body(), "unknown@example.com"));
        assertThat(comparable(noPassword.body(), "api.only@example.com"))
                .isEqualTo(comparable(unknownEmail.body(), "unknown@example.com"));
        assertThat(wrongPassword.headers().map().keySet()).isEqualTo(unknownEmail.headers().map().keySet());
        assertThat(visitor.get("/api/account").status()).isEqualTo(401);
    }

    /** The page without what must differ: the e-mail typed and the per-response CSP nonce. */
    private static String comparable(String page, String email) {
        return page.replace(email, "EMAIL").replaceAll("nonce=\"[^\"]+\"", "nonce");
    }

    @Test
    void theSixthFailedLoginForOneAccountAnswers429WithRetryAfterAndChangesNothing() {
        customer("locked@example.com", "the right one");
        String hash = storedHash("locked@example.com");
        Visitor guesser = visitor();
        for (int i = 1; i <= 5; i++) {
            assertThat(logIn(guesser, "locked@example.com", "guess " + i).status()).as("attempt " + i).isEqualTo(422);
        }
        TestResponse sixth = logIn(guesser, "locked@example.com", "guess 6");
        assertLimited(sixth);

        // The right password from the guessing address is refused too, and nothing changed.
        assertLimited(logIn(guesser, "LOCKED@example.com", "the right one"));
        assertThat(guesser.get("/api/account").status()).isEqualTo(401);
        assertThat(storedHash("locked@example.com")).isEqualTo(hash);
    }

    @Test
    void twentyFailuresFromOneAddressLimitThatAddressForEveryAccount() {
        customer("elsewhere@example.com", "a fine password");
        Visitor guesser = visitor();
        for (int i = 1; i <= 20; i++) {
            assertThat(logIn(guesser, "nobody" + i + "@example.com", "guess").status()).isEqualTo(422);
        }
        assertLimited(logIn(guesser, "elsewhere@example.com", "a fine password"));
        assertThat(guesser.get("/api/account").status()).isEqualTo(401);
        assertThat(logIn(visitor(), "elsewhere@example.com", "a fine password").status()).isEqualTo(303);
    }

    /** 429 with Retry-After and the reason, whichever format the framework answers a plain form post in; no session. */
    private static void assertLimited(TestResponse answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(answer.body()).contains("Too many attempts");
        assertThat(answer.setCookie("arbor_session")).isNull();
    }

    @Test
    void badLoginAndSignUpFormsAnswer422AndChangeNothing() {
        Visitor visitor = visitor();
        int before = users();
        TestResponse blank = logIn(visitor, "", "");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("Enter your email", "Enter your password");
        assertThat(blank.setCookie("arbor_session")).isNull();

        TestResponse shortPassword = signUp(visitor, "Short", "short@example.com", "seven77");
        assertThat(shortPassword.status()).isEqualTo(422);
        assertThat(shortPassword.body()).contains("<span class=\"error\" id=\"password-error\">Use at least 8 characters</span>")
                .contains("value=\"short@example.com\"").doesNotContain("seven77");
        TestResponse longPassword = signUp(visitor, "Long", "long@example.com", "x".repeat(201));
        assertThat(longPassword.status()).isEqualTo(422);
        assertThat(longPassword.body()).contains("Use at most 200 characters");
        TestResponse noPassword = signUp(visitor, "None", "none@example.com", "");
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(noPassword.body()).contains("Use at least 8 characters");
        assertThat(shortPassword.setCookie("arbor_session")).isNull();
        assertThat(users()).isEqualTo(before);

        assertThat(visitor.get("/api/account").status()).isEqualTo(401);
    }

    @Test
    void storedPasswordHashesAreArgon2idAtOwaspCost() {
        signUp(visitor(), "Hashed", "hashed@example.com", "a password to hash");
        customer("hashed.too@example.com", "a password to hash");
        assertThat(storedHash("hashed@example.com")).matches(ARGON2ID).doesNotContain("a password to hash");
        assertThat(storedHash("hashed.too@example.com")).matches(ARGON2ID).isNotEqualTo(storedHash("hashed@example.com"));
        List<String> all = jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE password_hash IS NOT NULL")
                .mapTo(String.class).list());
        assertThat(all).isNotEmpty().allMatch(hash -> hash.matches(ARGON2ID));
    }

    @Test
    void theAdminApiAnswers401AnonymouslyAnd403ToACustomerAndTheListToAnAdmin() {
        Accounts accounts = new Accounts(jdbi());
        accounts.ensureAdmin("root@example.com", "an admin password");
        Visitor anonymous = visitor();
        TestResponse nobody = anonymous.get("/api/admin/users");
        assertThat(nobody.status()).isEqualTo(401);
        assertThat(nobody.header("Content-Type")).isEqualTo("application/problem+json");

        Visitor customer = visitor();
        signUpAndLogIn(customer, "Plain", "plain@example.com", "plain password");
        TestResponse refused = customer.get("/api/admin/users");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");

        Visitor admin = visitor();
        assertThat(logIn(admin, "root@example.com", "an admin password").status()).isEqualTo(303);
        TestResponse list = admin.get("/api/admin/users");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("email")).contains("root@example.com", "plain@example.com");
        assertThat(list.json().get(0).fieldNames()).toIterable().containsExactly("id", "name", "email", "role");
        assertThat(list.json().findValuesAsText("role")).contains("admin", "customer");
        assertThat(list.body()).doesNotContainIgnoringCase("password").doesNotContain("argon2", "$");

        String adminKey = accounts.issueKey(accounts.findByEmail("root@example.com").orElseThrow().id()).token();
        assertThat(client.get("/api/admin/users", "Authorization", "Bearer " + adminKey).status()).isEqualTo(200);
        char[] cookie = admin.cookie("arbor_session").toCharArray();
        cookie[20] = cookie[20] == 'A' ? 'B' : 'A';
        String tampered = new String(cookie);
        assertThat(client.get("/api/admin/users", "Cookie", "arbor_session=" + tampered).status()).isEqualTo(401);
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
    void anIssuedApiKeyWorksAsABearerTokenAndOnlyItsHashIsStored() {
        Visitor owner = visitor();
        signUpAndLogIn(owner, "Keyholder", "keys@example.com", "key password");
        TestResponse issued = owner.post("/api/account/keys", "", "application/json");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        String token = issued.json().get("token").asText();
        assertThat(token).matches("shop_[A-Za-z0-9_-]{43}");

        TestResponse me = client.get("/api/account", "Authorization", "Bearer " + token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo("keys@example.com");
        assertThat(me.json().get("session").isNull()).isTrue();
        assertThat(client.get("/api/admin/users", "Authorization", "Bearer " + token).status()).isEqualTo(403);

        List<Map<String, Object>> rows = jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_keys").mapToMap().list());
        assertThat(rows.toString()).doesNotContain(token).doesNotContain(token.substring(5));
        String hash = jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM api_keys WHERE id = :id")
                .bind("id", issued.json().get("id").asLong()).mapTo(String.class).one());
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(Accounts.sha256(token));

        char[] flipped = token.toCharArray();
        flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
        // The same token with one letter in the other case, sent on a connection that has just carried the real
        // one: Jetty's header cache once matched it case-blind and read it as the real token.
        StringBuilder otherCase = new StringBuilder(token);
        int letter = 5;
        while (!Character.isLetter(otherCase.charAt(letter))) {
            letter++;
        }
        char c = otherCase.charAt(letter);
        otherCase.setCharAt(letter, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        assertThat(client.get("/api/account", "Authorization", "Bearer " + token).status()).isEqualTo(200);
        for (String wrong : List.of("Bearer " + otherCase, "Bearer " + new String(flipped), "Bearer " + hash, "Bearer shop_short", "Bearer ",
                "Basic " + token, "Bearer " + token + "x".repeat(5000))) {
            TestResponse refused = client.get("/api/account", "Authorization", wrong);
            assertThat(refused.status()).as(wrong).isEqualTo(401);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }

    @Test
    void apiKeysAreIssuedOnlyToASignedInSessionFromThisSite() {
        Visitor owner = visitor();
        signUpAndLogIn(owner, "Careful", "careful@example.com", "careful password");
        String token = owner.post("/api/account/keys", "", "application/json").json().get("token").asText();
        int before = keys();

        assertThat(visitor().post("/api/account/keys", "", "application/json").status()).isEqualTo(401);
        assertThat(client.send("POST", "/api/account/keys", "", "application/json", "Authorization", "Bearer " + token).status())
                .as("a bearer token cannot mint more tokens").isEqualTo(401);
        TestResponse crossSite = owner.post("/api/account/keys", "", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().get("type").asText()).isEqualTo("/problems/csrf");
        assertThat(owner.post("/api/account/keys", "", "text/plain", "Sec-Fetch-Site", "same-site").status()).isEqualTo(403);
        assertThat(owner.post("/api/account/keys", "", "text/plain", "Origin", "https://evil.example").status()).isEqualTo(403);
        assertThat(owner.post("/api/account/keys", "", "text/plain", "Origin", "null").status()).isEqualTo(403);
        assertThat(owner.get("/api/account/keys").status()).isEqualTo(405);
        assertThat(keys()).isEqualTo(before);

        assertThat(owner.post("/api/account/keys", "", "application/json", "Sec-Fetch-Site", "same-origin").status()).isEqualTo(201);
        assertThat(owner.post("/api/account/keys", "", "application/json", "Origin", client.base().toString().replaceAll("/$", ""))
                .status()).isEqualTo(201);
        assertThat(keys()).isEqualTo(before + 2);
    }

    /**
     * Issue 12, item 1: the Idempotency-Key scope once followed the bearer header while the identity came from the
     * cookie, so two customers sending the same made-up token and the same key shared answers: the second was
     * handed the first one's new API key.
     */
    @Test
    void aMadeUpBearerTokenBesideASessionIs401AndNeverHandsOneCustomersApiKeyToAnother() {
        Visitor first = visitor();
        Visitor second = visitor();
        signUpAndLogIn(first, "First", "first.keyed@example.com", "first password");
        signUpAndLogIn(second, "Second", "second.keyed@example.com", "second password");
        String key = java.util.UUID.randomUUID().toString();
        int before = keys();
        for (Visitor customer : List.of(first, second)) {
            TestResponse refused = customer.post("/api/account/keys", "", "application/json", "Sec-Fetch-Site", "same-origin",
                    "Authorization", "Bearer shop_made-up", "Idempotency-Key", key);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("type").asText()).isEqualTo("/problems/invalid-token");
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(refused.body()).doesNotContain("\"token\"");
        }
        assertThat(keys()).isEqualTo(before);

        // The same key from each session alone: each customer is their own scope, and gets their own key.
        TestResponse firstKey = first.post("/api/account/keys", "", "application/json", "Sec-Fetch-Site", "same-origin",
                "Idempotency-Key", key);
        TestResponse secondKey = second.post("/api/account/keys", "", "application/json", "Sec-Fetch-Site", "same-origin",
                "Idempotency-Key", key);
        assertThat(firstKey.status()).isEqualTo(201);
        assertThat(secondKey.status()).isEqualTo(201);
        assertThat(secondKey.header("Idempotent-Replayed")).isNull();
        assertThat(secondKey.json().get("token").asText()).isNotEqualTo(firstKey.json().get("token").asText());
        assertThat(keys()).isEqualTo(before + 2);
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

    @Test
    void guessingFromOneAddressNeverLocksTheOwnerOutFromAnother() {
        customer("targeted@example.com", "the owner's password");
        Visitor guesser = visitor();
        for (int i = 1; i <= 5; i++) {
            assertThat(logIn(guesser, "targeted@example.com", "guess " + i).status()).as("attempt " + i).isEqualTo(422);
        }
        assertLimited(logIn(guesser, "targeted@example.com", "guess 6"));

        Visitor owner = visitor();
        assertThat(logIn(owner, "Targeted@example.com", "the owner's password").status()).isEqualTo(303);
        assertThat(owner.get("/api/account").json().get("email").asText()).isEqualTo("targeted@example.com");
        assertLimited(logIn(guesser, "targeted@example.com", "the owner's password"));
    }
}
