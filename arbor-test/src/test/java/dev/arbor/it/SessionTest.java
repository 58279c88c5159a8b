package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Identity;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final Fixtures fixtures = new Fixtures();

    private static String sessionCookie(TestResponse response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("arbor_session="))
                .findFirst().orElseThrow();
    }

    private static TestResponse login(TestClient client, String json) {
        return client.postJson("/api/session/login", json);
    }

    @Test
    void loggingInIssuesASealedHttpOnlyCookieWithANewSessionId() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse response = login(client, "{\"user\":\"ada\",\"roles\":[\"customer\"]}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("before").asText()).isNotEqualTo(response.json().get("after").asText());
            String cookie = sessionCookie(response);
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
    void withoutASessionProtectedRoutesAnswer401AndWithoutTheRole403() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse anonymous = client.get("/api/session/me");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(client.get("/api/session/admin").status()).isEqualTo(401);
            String customer = sessionCookie(login(client, "{\"user\":\"bob\",\"roles\":[\"customer\"]}")).split(";")[0];
            assertThat(client.get("/api/session/admin", "Cookie", customer).status()).isEqualTo(403);
            String admin = sessionCookie(login(client, "{\"user\":\"root\",\"roles\":[\"admin\"]}")).split(";")[0];
            TestResponse allowed = client.get("/api/session/admin", "Cookie", admin);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.json().get("admin").asText()).isEqualTo("root");
        });
    }

    @Test
    void anAlteredOrForeignCookieIsNoSession() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String cookie = sessionCookie(login(client, "{\"user\":\"ada\",\"roles\":[\"admin\"]}")).split(";")[0];
            char[] chars = cookie.toCharArray();
            int i = chars.length - 5;
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertThat(client.get("/api/session/me", "Cookie", new String(chars)).status()).isEqualTo(401);
            assertThat(client.get("/api/session/me", "Cookie", "arbor_session=garbage").status()).isEqualTo(401);
        });
        String fromOtherApp = sessionCookie(loginElsewhere()).split(";")[0];
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
                cookie[0] = sessionCookie(login(client, "{\"user\":\"ada\",\"roles\":[]}")).split(";")[0]);
        ArborTest.run(TestApp.builder(new Fixtures()).secret(secret), (server, client) ->
                assertThat(client.get("/api/session/me", "Cookie", cookie[0]).json().get("user").asText()).isEqualTo("ada"));
    }

    @Test
    void logoutClearsTheCookie() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String cookie = sessionCookie(login(client, "{\"user\":\"ada\",\"roles\":[]}")).split(";")[0];
            TestResponse out = client.send("POST", "/api/session/logout", java.net.http.HttpRequest.BodyPublishers.noBody(), "Cookie", cookie);
            assertThat(out.status()).isEqualTo(204);
            assertThat(sessionCookie(out)).startsWith("arbor_session=;").contains("Max-Age=0");
        });
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
}
