package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.Services;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One principal per request: a request is authenticated by its {@code Bearer} token or by its session cookie,
 * never by one while keyed or checked by the other. A bearer token that authenticates nobody is refused (401),
 * not ignored in favour of the cookie; a valid one is the identity and the cookie is not read; any other
 * {@code Authorization} scheme is no credential, so the cookie still authenticates and the cross-site check
 * still applies.
 */
class OnePrincipalTest {
    private final Fixtures fixtures = new Fixtures();

    /** The {@code name=value} of the session cookie of {@code user}, signed in. */
    private static String signedIn(TestClient client, String user) {
        return client.postJson("/api/session/login", "{\"user\":\"" + user + "\",\"roles\":[]}").cookie("arbor_session");
    }

    private static void assertInvalidToken(TestResponse response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/invalid-token");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void twoSignedInUsersSendingTheSameUnknownBearerAndKeyAre401AndShareNoAnswer() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String ada = signedIn(client, "ada");
            String bob = signedIn(client, "bob");
            String key = UUID.randomUUID().toString();
            for (String cookie : new String[] {ada, bob}) {
                assertInvalidToken(client.postJson("/api/guarded", "{\"text\":\"hello\"}",
                        "Cookie", cookie, "Authorization", "Bearer nobody's", "Idempotency-Key", key));
            }
            assertInvalidToken(client.postJson("/api/charges", "{\"amount\":\"1.00\"}", "Authorization", "Bearer nobody's"));
            assertThat(fixtures.invocations).as("nothing ran").hasValue(0);

            // The same key from each signed-in user without the header: each is their own scope.
            TestResponse byAda = client.postJson("/api/guarded", "{\"text\":\"hello\"}", "Cookie", ada, "Idempotency-Key", key);
            TestResponse byBob = client.postJson("/api/guarded", "{\"text\":\"hello\"}", "Cookie", bob, "Idempotency-Key", key);
            assertThat(byAda.json().get("by").asText()).isEqualTo("ada");
            assertThat(byBob.json().get("by").asText()).isEqualTo("bob");
            assertThat(byBob.header("Idempotent-Replayed")).isNull();
            assertThat(fixtures.invocations).hasValue(2);
        });
    }

    @Test
    void aValidBearerIsTheIdentityAndTheSessionCookieBesideItIsNeitherReadNorWritten() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String bob = signedIn(client, "bob");
            TestResponse peek = client.get("/api/session/peek", "Cookie", bob, "Authorization", "Bearer token-of-ada");
            assertThat(peek.status()).isEqualTo(200);
            assertThat(peek.json().get("user").asText()).isEqualTo("ada");
            assertThat(peek.json().get("theme").asText()).as("bob's session was not read").isEqualTo("null");

            TestResponse theme = client.postJson("/api/session/theme", "{}", "Cookie", bob, "Authorization", "Bearer token-of-ada");
            assertThat(theme.status()).isEqualTo(204);
            assertThat(theme.cookie("arbor_session")).as("nor written").isNull();
            assertThat(client.get("/api/session/peek", "Cookie", bob).json().get("theme").asText()).isEqualTo("dark");
        });
    }

    @Test
    void aCookiePostCarryingBasicOrNegotiateCredentialsFromASiblingSiteIsRefused() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String ada = signedIn(client, "ada");
            for (String authorization : new String[] {"Basic YWRhOnNlY3JldA==", "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag"}) {
                TestResponse refused = client.postJson("/hardening/account/theme", "{}", "Cookie", ada, "Authorization", authorization,
                        "Origin", "https://shop.sibling.example", "Sec-Fetch-Site", "same-site");
                assertThat(refused.status()).as(authorization).isEqualTo(403);
                assertThat(refused.json().get("type").asText()).isEqualTo("/problems/csrf");
                assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
            }
            assertThat(fixtures.invocations).hasValue(0);

            // Not a credential: the cookie authenticates the request, and without the cookie nobody does.
            TestResponse me = client.get("/api/session/me", "Cookie", ada, "Authorization", "Basic YWRhOnNlY3JldA==");
            assertThat(me.json().get("user").asText()).isEqualTo("ada");
            TestResponse nobody = client.get("/api/session/me", "Authorization", "Basic YWRhOnNlY3JldA==");
            assertThat(nobody.status()).isEqualTo(401);
            assertThat(nobody.json().get("detail").asText()).isEqualTo("Sign in first");
        });
    }

    @Test
    void aBearerAuthenticatedCrossSitePostRunsAsTheTokensOwner() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String bob = signedIn(client, "bob");
            TestResponse added = client.postJson("/api/guarded", "{\"text\":\"hello\"}", "Cookie", bob,
                    "Authorization", "Bearer token-of-ada", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().get("by").asText()).isEqualTo("ada");
            assertThat(fixtures.invocations).hasValue(1);
        });
    }

    @Test
    void anInvalidBearerOnAPageOrItsActionIs401AndRendersNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String ada = signedIn(client, "ada");
            assertInvalidToken(client.get("/plain", "Cookie", ada, "Authorization", "Bearer forged"));
            // A real action of the page (it counts its runs), so a forged bearer let through would show.
            ActionForm bump = ActionForm.of(client.get("/counter", "Cookie", ada), 0);
            String cookies = bump.cookie() + "; " + ada;
            assertInvalidToken(client.postForm("/counter", bump.body(""), "Cookie", cookies, "Authorization", "Bearer forged",
                    "Sec-Fetch-Site", "same-origin"));
            assertThat(client.get("/plain", "Cookie", ada).status()).isEqualTo(200);
            assertThat(fixtures.invocations).hasValue(0);

            // The same form without the header runs.
            TestResponse ran = client.postForm("/counter", bump.body(""), "Cookie", cookies, "Sec-Fetch-Site", "same-origin");
            assertThat(ran.status()).isEqualTo(303);
            assertThat(fixtures.invocations).hasValue(1);
        });
    }

    @Test
    void theBearerSchemeIsReadWhateverItsCaseOrTheWhitespaceAfterIt() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String bob = signedIn(client, "bob");
            for (String authorization : new String[] {"bearer token-of-ada", "BEARER token-of-ada", "Bearer\ttoken-of-ada"}) {
                TestResponse peek = client.get("/api/session/peek", "Cookie", bob, "Authorization", authorization);
                assertThat(peek.status()).as(authorization).isEqualTo(200);
                assertThat(peek.json().get("user").asText()).as(authorization).isEqualTo("ada");
            }
        });
    }

    @Test
    void aBearerHeaderWithoutATokenIs401NotTheCookiesUser() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String ada = signedIn(client, "ada");
            // Jetty drops the trailing space: "Bearer " arrives as "Bearer".
            for (String authorization : new String[] {"Bearer", "Bearer ", "bearer\t"}) {
                assertInvalidToken(client.get("/api/session/me", "Cookie", ada, "Authorization", authorization));
                assertInvalidToken(client.postJson("/api/guarded", "{\"text\":\"hello\"}", "Cookie", ada,
                        "Authorization", authorization, "Idempotency-Key", UUID.randomUUID().toString()));
            }
            assertThat(fixtures.invocations).as("nothing ran").hasValue(0);
            // A scheme that merely begins with the word is another scheme: no credential, the cookie's request.
            assertThat(client.get("/api/session/me", "Cookie", ada, "Authorization", "Bearerish x").json().get("user").asText())
                    .isEqualTo("ada");
        });
    }

    /**
     * An app that gives Arbor no token resolver, with a route that checks API keys itself: the framework
     * authenticated nobody by the header, so stored answers are kept per header as sent (beside the cookie's user).
     */
    @Test
    void withoutAResolverAStoredAnswerIsReplayedOnlyToTheSameAuthorizationHeader() throws Exception {
        Arbor.Builder app = Arbor.builder().port(0).printTo(null).services(new Services().add(Fixtures.class, fixtures))
                .routes(OnePrincipalTest_OwnKeys_.ROUTE);
        ArborTest.run(app, (server, client) -> {
            String key = UUID.randomUUID().toString();
            TestResponse ada = client.postJson("/api/own-keys", "{}", "Authorization", "Bearer key-of-ada", "Idempotency-Key", key);
            assertThat(ada.status()).isEqualTo(201);
            assertThat(ada.json().get("secret").asText()).isEqualTo("ada-1");

            TestResponse bob = client.postJson("/api/own-keys", "{}", "Authorization", "Bearer key-of-bob", "Idempotency-Key", key);
            assertThat(bob.header("Idempotent-Replayed")).isNull();
            assertThat(bob.json().get("secret").asText()).as("bob never sees ada's answer").isEqualTo("bob-2");
            TestResponse stranger = client.postJson("/api/own-keys", "{}", "Authorization", "Bearer guess", "Idempotency-Key", key);
            assertThat(stranger.status()).isEqualTo(401);
            assertThat(stranger.header("Idempotent-Replayed")).isNull();
            TestResponse nobody = client.postJson("/api/own-keys", "{}", "Idempotency-Key", key);
            assertThat(nobody.status()).isEqualTo(401);

            TestResponse again = client.postJson("/api/own-keys", "{}", "Authorization", "Bearer key-of-ada", "Idempotency-Key", key);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.json().get("secret").asText()).isEqualTo("ada-1");
            assertThat(fixtures.invocations).hasValue(2);
        });
    }

    /** Checks the {@code Authorization} header itself and mints a secret for its owner, counted in the fixtures. */
    @Route("/api/own-keys")
    @Public
    public static final class OwnKeys {
        private final Fixtures fixtures;

        public OwnKeys(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response post(Request request) {
            String owner = switch (String.valueOf(request.header("Authorization"))) {
                case "Bearer key-of-ada" -> "ada";
                case "Bearer key-of-bob" -> "bob";
                default -> throw HttpError.unauthorized("Send your API key");
            };
            request.bodyBytes();
            return Response.json(Map.of("secret", owner + "-" + fixtures.invocations.incrementAndGet()), 201);
        }
    }
}
