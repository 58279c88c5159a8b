package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.Arbor;
import dev.arbor.Services;
import dev.arbor.security.Webhooks;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Deny-by-default access policies, enforced before anything of an action or route verb runs: 401 for nobody
 * signed in, 403 for a missing role, and neither binds a body, opens bound values, runs the handler nor writes a
 * session. {@code @BearerAuth} and {@code @Webhook} routes never read the session cookie.
 */
class AccessPolicyTest {
    private final Fixtures fixtures = new Fixtures();

    /** The {@code name=value} of the session cookie of someone signed in with {@code role}. */
    private static String signedIn(TestClient client, String user, String role) {
        TestResponse login = client.postJson("/api/session/login", "{\"user\":\"" + user + "\",\"roles\":[\"" + role + "\"]}");
        return login.cookie("arbor_session");
    }

    private static TestResponse submit(TestClient client, ActionForm form, String fields, String session, String... headers) {
        String cookies = session == null ? form.cookie() : form.cookie() + "; " + session;
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Cookie";
        all[headers.length + 1] = cookies;
        return client.postForm("/members", form.body(fields), all);
    }

    private static boolean setsASession(TestResponse response) {
        return response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("arbor_session="));
    }

    @Test
    void anAuthenticatedActionCalledWithoutASessionIs401AndNothingOfItRuns() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse page = client.get("/members");
            ActionForm join = ActionForm.of(page, 0);
            ActionForm promote = ActionForm.of(page, 1);

            // "age=old" would be a 422 if the form were bound; a flipped bound value a 400 if it were opened.
            TestResponse plain = submit(client, join, "name=Mallory&age=old", null, "Accept", "text/html");
            assertThat(plain.status()).isEqualTo(401);
            assertThat(plain.header("Content-Type")).startsWith("text/html");
            assertThat(plain.body()).contains("Sign in first").doesNotContain("Exception");
            assertThat(plain.header("Content-Security-Policy")).isNotNull();

            TestResponse enhanced = submit(client, join, "name=Mallory&age=old", null, "Arbor-Enhanced", "1");
            assertThat(enhanced.status()).isEqualTo(401);
            assertThat(enhanced.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(enhanced.json().get("detail").asText()).isEqualTo("Sign in first");

            char[] bound = promote.bound().toCharArray();
            bound[10] = bound[10] == 'A' ? 'B' : 'A';
            ActionForm tampered = promote.with(promote.action(), promote.csrf(), new String(bound));
            assertThat(submit(client, tampered, "", null).status()).isEqualTo(401);

            assertThat(fixtures.invocations.get()).isZero();
            assertThat(fixtures.created).isEmpty();
            assertThat(setsASession(plain) || setsASession(enhanced)).isFalse();
        });
    }

    @Test
    void aMethodsOwnPublicPolicyOverridesItsClasssAuthenticated() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm leave = ActionForm.of(client.get("/members"), 2);
            assertThat(submit(client, leave, "", null).status()).isEqualTo(303);
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }

    @Test
    void anActionNeedingARoleIs403ForASignedInCallerWithoutItAndRunsForOneWithIt() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String customer = signedIn(client, "bob", "customer");
            String admin = signedIn(client, "root", "admin");
            TestResponse page = client.get("/members");
            ActionForm join = ActionForm.of(page, 0);
            ActionForm promote = ActionForm.of(page, 1);

            TestResponse refused = submit(client, promote, "", customer, "Accept", "text/html");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("text/html");
            assertThat(refused.body()).contains("This needs the role &#39;admin&#39;");
            TestResponse refusedEnhanced = submit(client, promote, "", customer, "Arbor-Enhanced", "1");
            assertThat(refusedEnhanced.status()).isEqualTo(403);
            assertThat(refusedEnhanced.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(fixtures.invocations.get()).isZero();

            assertThat(submit(client, join, "name=Bob&age=30", customer).status()).isEqualTo(303);
            assertThat(submit(client, promote, "", admin).status()).isEqualTo(303);
            assertThat(fixtures.created).containsExactly("Bob by bob", "promoted 7");
        });
    }

    @Test
    void routeVerbsAnswer401And403BeforeTheirBodyIsBoundOrTheirCodeRuns() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse anonymous = client.postJson("/api/guarded", "{\"malformed");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(client.delete("/api/guarded").status()).isEqualTo(401);
            assertThat(client.get("/api/guarded").status()).isEqualTo(200);

            String customer = signedIn(client, "bob", "customer");
            assertThat(client.delete("/api/guarded", "Cookie", customer).status()).isEqualTo(403);
            assertThat(client.delete("/api/guarded", "Authorization", "Bearer token-of-ada").status()).isEqualTo(403);
            assertThat(fixtures.invocations.get()).isZero();

            TestResponse added = client.postJson("/api/guarded", "{\"text\":\"hello\"}", "Cookie", customer);
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().get("by").asText()).isEqualTo("bob");
            assertThat(client.delete("/api/guarded", "Authorization", "Bearer token-of-root").status()).isEqualTo(204);
            assertThat(fixtures.invocations.get()).isEqualTo(2);
        });
    }

    @Test
    void aBearerAuthRouteIgnoresAValidSessionCookieEvenFromAnAdmin() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String admin = signedIn(client, "root", "admin");

            TestResponse crossSite = client.send("POST", "/api/bearer/me", "{}", "application/json",
                    "Cookie", admin, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.status()).isEqualTo(401);
            assertThat(crossSite.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(crossSite.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(client.send("POST", "/api/bearer/me", "{}", "application/json", "Authorization", "Bearer forged", "Cookie", admin)
                    .status()).isEqualTo(401);
            assertThat(fixtures.invocations.get()).isZero();

            TestResponse withToken = client.send("POST", "/api/bearer/me", "{}", "application/json",
                    "Authorization", "Bearer token-of-ada", "Cookie", admin);
            assertThat(withToken.status()).isEqualTo(200);
            assertThat(withToken.json().get("user").asText()).isEqualTo("ada");
            assertThat(withToken.json().get("sessionUser").asText()).isEqualTo("null");
            assertThat(setsASession(withToken)).as("a session the route changed is never written").isFalse();
        });
    }

    @Test
    void aWebhookRouteNeverRunsAsTheCookiesUserOrTheTokensOwner() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String admin = signedIn(client, "root", "admin");
            String body = "{\"event\":\"ping\"}";

            TestResponse crossSite = client.send("POST", "/api/hook", body, "application/json",
                    "Cookie", admin, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.status()).isEqualTo(401);
            assertThat(fixtures.invocations.get()).isZero();

            String signature = Webhooks.githubSignature(Routes.HOOK_SECRET, body.getBytes(StandardCharsets.UTF_8));
            TestResponse signed = client.send("POST", "/api/hook", body, "application/json",
                    "X-Hub-Signature-256", signature, "Cookie", admin, "Authorization", "Bearer token-of-root");
            assertThat(signed.status()).isEqualTo(200);
            assertThat(setsASession(signed)).isFalse();
            assertThat(fixtures.invocations.get()).isEqualTo(1);
            assertThat(fixtures.created).containsExactly("identity=null session=null", "identity=null session=null");
        });
    }

    @Test
    void aWebhookRouteIgnoresABearerTokenThatAuthenticatesNobody() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String body = "{\"event\":\"ping\"}";
            TestResponse unsigned = client.send("POST", "/api/hook", body, "application/json", "Authorization", "Bearer forged");
            assertThat(unsigned.status()).isEqualTo(401);
            assertThat(unsigned.json().get("type").asText()).as("refused for its signature").isNotEqualTo("/problems/invalid-token");
            assertThat(fixtures.invocations.get()).isZero();

            String signature = Webhooks.githubSignature(Routes.HOOK_SECRET, body.getBytes(StandardCharsets.UTF_8));
            TestResponse signed = client.send("POST", "/api/hook", body, "application/json",
                    "X-Hub-Signature-256", signature, "Authorization", "Bearer forged");
            assertThat(signed.status()).isEqualTo(200);
            assertThat(signed.header("WWW-Authenticate")).isNull();
            assertThat(signed.json().get("received").asInt()).isEqualTo(body.length());
            assertThat(fixtures.invocations.get()).isEqualTo(1);
            assertThat(fixtures.created).containsExactly("identity=null session=null", "identity=null session=null");
        });
    }

    @Test
    void aBearerAuthRouteInAnAppThatResolvesNoTokensStopsTheStartUp() {
        Arbor.Builder app = Arbor.builder().port(0).printTo(null).services(new Services().add(Fixtures.class, fixtures))
                .routes(Routes_BearerMe_.ROUTE);
        assertThatThrownBy(() -> ArborTest.run(app, (server, client) -> {}))
                .hasMessageContaining("dev.arbor.it.Routes.BearerMe is @BearerAuth")
                .hasMessageContaining("Arbor.Builder.bearerTokens");
    }

    @Test
    void aGetOrHeadCarryingAnActionIdIs405AndRunsNeitherTheActionNorThePage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm leave = ActionForm.of(client.get("/members"), 2);
            TestResponse get = client.get("/members?" + leave.body(""), "Cookie", leave.cookie());
            assertThat(get.status()).isEqualTo(405);
            assertThat(get.header("Allow")).isEqualTo("POST");
            assertThat(get.json().get("type").asText()).isEqualTo("/problems/action-needs-post");
            TestResponse head = client.send("HEAD", "/members?_action=" + leave.action(), java.net.http.HttpRequest.BodyPublishers.noBody());
            assertThat(head.status()).isEqualTo(405);
            assertThat(fixtures.invocations.get()).isZero();
            assertThat(client.get("/members?page=2").status()).isEqualTo(200);
        });
    }
}
