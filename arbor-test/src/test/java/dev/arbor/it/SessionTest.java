package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Identity;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestClock;
import dev.arbor.test.TestResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final Fixtures fixtures = new Fixtures();

    private static TestResponse login(TestClient client, String json) {
        return client.postJson("/api/session/login", json);
    }

    private static TestResponse login(TestClient client, String json, String cookies) {
        return client.postJson("/api/session/login", json, "Cookie", cookies);
    }

    @Test
    void loggingInIssuesASealedHttpOnlyCookieWithANewSessionId() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse response = login(client, "{\"user\":\"ada\",\"roles\":[\"customer\"]}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("before").asText()).isNotEqualTo(response.json().get("after").asText());
            String cookie = response.setCookie("arbor_session");
            assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800");
            assertThat(cookie).doesNotContain("ada", "customer", "dark");
            String value = cookie.substring(0, cookie.indexOf(';'));
            TestResponse me = client.get("/api/session/me", "Cookie", value);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
            assertThat(me.json().get("theme").asText()).isEqualTo("dark");
            assertThat(me.json().get("id").asText()).isEqualTo(response.json().get("after").asText());
        });
    }

    @Test
    void aSessionEndsItsLifetimeAfterItWasWrittenOnTheServersClock() throws Exception {
        TestClock clock = new TestClock();
        Duration lifetime = Duration.ofDays(7);
        ArborTest.run(TestApp.builder(fixtures).clock(clock).sessionLifetime(lifetime), (server, client) -> {
            String cookie = login(client, "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session");
            clock.advance(lifetime.minusSeconds(1));
            assertThat(client.get("/api/session/me", "Cookie", cookie).status()).as("a second before its end").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            assertThat(client.get("/api/session/me", "Cookie", cookie).status()).as("at its end").isEqualTo(401);
        });
    }

    @Test
    void withoutASessionProtectedRoutesAnswer401AndWithoutTheRole403() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse anonymous = client.get("/api/session/me");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(client.get("/api/session/admin").status()).isEqualTo(401);
            String customer = login(client, "{\"user\":\"bob\",\"roles\":[\"customer\"]}").cookie("arbor_session");
            assertThat(client.get("/api/session/admin", "Cookie", customer).status()).isEqualTo(403);
            String admin = login(client, "{\"user\":\"root\",\"roles\":[\"admin\"]}").cookie("arbor_session");
            TestResponse allowed = client.get("/api/session/admin", "Cookie", admin);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.json().get("admin").asText()).isEqualTo("root");
        });
    }

    @Test
    void anAlteredOrForeignCookieIsNoSession() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String cookie = login(client, "{\"user\":\"ada\",\"roles\":[\"admin\"]}").cookie("arbor_session");
            char[] chars = cookie.toCharArray();
            int i = chars.length - 5;
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertThat(client.get("/api/session/me", "Cookie", new String(chars)).status()).isEqualTo(401);
            assertThat(client.get("/api/session/me", "Cookie", "arbor_session=garbage").status()).isEqualTo(401);
        });
        String fromOtherApp = loginElsewhere().cookie("arbor_session");
        ArborTest.run(TestApp.builder(fixtures), (server, client) ->
                assertThat(client.get("/api/session/me", "Cookie", fromOtherApp).status()).isEqualTo(401));
    }

    private TestResponse loginElsewhere() throws Exception {
        TestResponse[] out = new TestResponse[1];
        ArborTest.run(TestApp.builder(new Fixtures()), (server, client) ->
                out[0] = login(client, "{\"user\":\"mallory\",\"roles\":[\"admin\"]}"));
        return out[0];
    }

    @Test
    void twoInstancesWithOneSecretShareSessions() throws Exception {
        byte[] secret = "a shared secret of at least 32 bytes!".getBytes();
        String[] cookie = new String[1];
        ArborTest.run(TestApp.builder(fixtures).secret(secret), (server, client) ->
                cookie[0] = login(client, "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session"));
        ArborTest.run(TestApp.builder(new Fixtures()).secret(secret), (server, client) ->
                assertThat(client.get("/api/session/me", "Cookie", cookie[0]).json().get("user").asText()).isEqualTo("ada"));
    }

    @Test
    void logoutClearsTheCookie() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String cookie = login(client, "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session");
            TestResponse out = client.send("POST", "/api/session/logout", java.net.http.HttpRequest.BodyPublishers.noBody(), "Cookie", cookie);
            assertThat(out.status()).isEqualTo(204);
            assertThat(out.setCookie("arbor_session")).startsWith("arbor_session=;").contains("Max-Age=0");
        });
    }

    private static TestResponse logout(TestClient client, String cookie) {
        return client.send("POST", "/api/session/logout", java.net.http.HttpRequest.BodyPublishers.noBody(), "Cookie", cookie);
    }

    @Test
    void theCookieFromBeforeALoginIsRefusedAfterItAndTheCsrfAnchorRotates() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String anonymous = client.send("POST", "/api/session/theme", java.net.http.HttpRequest.BodyPublishers.noBody()).cookie("arbor_session");
            TestResponse before = client.get("/api/session/peek", "Cookie", anonymous);
            assertThat(before.json().get("theme").asText()).isEqualTo("light");
            String oldId = before.json().get("id").asText();

            String oldAnchor = "arbor_csrf=AAAAAAAAAAAAAAAAAAAAAA";
            TestResponse loggedIn = login(client, "{\"user\":\"ada\",\"roles\":[]}", anonymous + "; " + oldAnchor);
            String signedIn = loggedIn.cookie("arbor_session");
            assertThat(loggedIn.cookie("arbor_csrf")).matches("arbor_csrf=[A-Za-z0-9_-]{22}").isNotEqualTo(oldAnchor);
            assertThat(loggedIn.json().get("before").asText()).isEqualTo(oldId);
            assertThat(loggedIn.json().get("after").asText()).isNotEqualTo(oldId);

            TestResponse replayed = client.get("/api/session/peek", "Cookie", anonymous);
            assertThat(replayed.json().get("id").asText()).isNotEqualTo(oldId);
            assertThat(replayed.json().get("theme").asText()).isEqualTo("null");
            assertThat(replayed.json().get("user").asText()).isEmpty();
            assertThat(replayed.cookie("arbor_session")).as("the dead cookie is deleted").isEqualTo("arbor_session=");
            assertThat(client.get("/api/session/me", "Cookie", anonymous).status()).isEqualTo(401);
            TestResponse me = client.get("/api/session/me", "Cookie", signedIn);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
        });
    }

    @Test
    void afterLogoutTheCookieCapturedWhileSignedInIsAnonymous() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String signedIn = login(client, "{\"user\":\"ada\",\"roles\":[\"admin\"]}").cookie("arbor_session");
            assertThat(client.get("/api/session/admin", "Cookie", signedIn).status()).isEqualTo(200);
            String signedInId = client.get("/api/session/me", "Cookie", signedIn).json().get("id").asText();
            TestResponse out = logout(client, signedIn);
            assertThat(out.status()).isEqualTo(204);
            assertThat(out.cookie("arbor_csrf")).isNotNull();

            assertThat(client.get("/api/session/me", "Cookie", signedIn).status()).isEqualTo(401);
            assertThat(client.get("/api/session/admin", "Cookie", signedIn).status()).isEqualTo(401);
            assertThat(client.get("/api/session/peek", "Cookie", signedIn).json().get("theme").asText()).isEqualTo("null");
            assertThat(client.get("/api/session/peek", "Cookie", signedIn).json().get("id").asText()).isNotEqualTo(signedInId);
        });
    }

    @Test
    void askingWhoIsSignedInWithAnAnonymousCookieMakesNoLookup() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String anonymous = client.send("POST", "/api/session/theme", java.net.http.HttpRequest.BodyPublishers.noBody()).cookie("arbor_session");
            String signedIn = login(client, "{\"user\":\"ada\",\"roles\":[]}", anonymous).cookie("arbor_session");
            // The anonymous cookie is revoked now, yet asking only "who is signed in?" needs no lookup to answer nobody:
            // the 401 comes without the revoked cookie being deleted, which a lookup would have done.
            TestResponse who = client.get("/api/session/me", "Cookie", anonymous);
            assertThat(who.status()).isEqualTo(401);
            assertThat(who.cookie("arbor_session")).isNull();
            assertThat(client.get("/api/session/me", "Cookie", signedIn).status()).isEqualTo(200);
        });
    }

    @Test
    void twoInstancesSharingRedisSeeEachOthersRevocations() throws Exception {
        byte[] secret = "a shared secret of at least 32 bytes!".getBytes();
        var a = ArborTest.start(TestApp.builder(fixtures).secret(secret).redis(LocalRedis.URL));
        var b = ArborTest.start(TestApp.builder(new Fixtures()).secret(secret).redis(LocalRedis.URL));
        try {
            TestClient onA = new TestClient(a.uri());
            TestClient onB = new TestClient(b.uri());
            String anonymous = onA.send("POST", "/api/session/theme", java.net.http.HttpRequest.BodyPublishers.noBody()).cookie("arbor_session");
            String signedIn = login(onB, "{\"user\":\"ada\",\"roles\":[]}", anonymous).cookie("arbor_session");
            assertThat(onA.get("/api/session/peek", "Cookie", anonymous).json().get("theme").asText())
                    .as("logged in on B, the old cookie is refused on A").isEqualTo("null");
            assertThat(onA.get("/api/session/me", "Cookie", signedIn).json().get("user").asText()).isEqualTo("ada");
            assertThat(logout(onA, signedIn).status()).isEqualTo(204);
            assertThat(onB.get("/api/session/me", "Cookie", signedIn).status()).as("logged out on A, refused on B").isEqualTo(401);
        } finally {
            a.stop();
            b.stop();
        }
        // Without Redis, each instance knows only its own revocations: the test above fails for want of sharing.
        var c = ArborTest.start(TestApp.builder(fixtures).secret(secret));
        var d = ArborTest.start(TestApp.builder(new Fixtures()).secret(secret));
        try {
            String signedIn = login(new TestClient(c.uri()), "{\"user\":\"ada\",\"roles\":[]}").cookie("arbor_session");
            assertThat(logout(new TestClient(c.uri()), signedIn).status()).isEqualTo(204);
            assertThat(new TestClient(d.uri()).get("/api/session/me", "Cookie", signedIn).status()).isEqualTo(200);
        } finally {
            c.stop();
            d.stop();
        }
    }

    @Test
    void anUnreachableRedisStopsTheServerFromStarting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArborTest.start(TestApp.builder(fixtures).redis("redis://127.0.0.1:1/0")))
                .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:1/0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArborTest.start(TestApp.builder(fixtures).redis("http://127.0.0.1:6379")))
                .hasMessageContaining("redis://host:6379/0");
    }

    @Test
    void aBearerTokenIdentifiesItsOwnerWithoutASession() throws Exception {
        var app = TestApp.builder(fixtures).bearerTokens(token -> token.equals("token-of-ada")
                ? Optional.of(new Identity("ada", Set.of("customer"))) : Optional.empty());
        ArborTest.run(app, (server, client) -> {
            TestResponse me = client.get("/api/session/me", "Authorization", "Bearer token-of-ada");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
            assertThat(client.get("/api/session/me", "Authorization", "Bearer forged").status()).isEqualTo(401);
            assertThat(client.get("/api/session/admin", "Authorization", "Bearer token-of-ada").status()).isEqualTo(403);
        });
    }

    /** The app's resolver may be a database or network lookup: it runs once per request, however often it is asked. */
    @Test
    void aBearerTokenIsResolvedOncePerRequest() throws Exception {
        var lookups = new java.util.concurrent.atomic.AtomicInteger();
        var app = TestApp.builder(fixtures).bearerTokens(token -> {
            lookups.incrementAndGet();
            return token.equals("token-of-ada") ? Optional.of(new Identity("ada", Set.of())) : Optional.empty();
        });
        ArborTest.run(app, (server, client) -> {
            TestResponse me = client.postJson("/api/bearer/me", "{}", "Authorization", "Bearer token-of-ada");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
            assertThat(lookups).as("the access check and the route both asked for the identity").hasValue(1);
        });
    }
}
