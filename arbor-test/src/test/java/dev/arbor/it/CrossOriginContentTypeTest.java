package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md checklist item 6 (SvelteKit GHSA-5p75/gv7g): the cross-origin check is never gated on the
 * Content-Type. A browser can send the first three types cross-site without a preflight; the fourth is the
 * multipart shape; {@code TEXT/PLAIN} in capitals is how SvelteKit's check was bypassed.
 */
class CrossOriginContentTypeTest {
    static final List<String> CONTENT_TYPES = List.of("TEXT/PLAIN", "application/json",
            "application/x-www-form-urlencoded; charset=UTF-8", "multipart/form-data; boundary=x");

    private final Fixtures fixtures = new Fixtures();

    @Test
    void aCrossOriginActionPostIsRefusedWhateverItsContentType() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/hardening/order"), 0);
            String body = form.body("item=a&quantity=1");
            for (String contentType : CONTENT_TYPES) {
                for (String[] crossOrigin : List.of(new String[] {"Origin", "https://evil.example"},
                        new String[] {"Sec-Fetch-Site", "cross-site"},
                        new String[] {"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"})) {
                    String[] headers = concat(crossOrigin, "Cookie", form.cookie());
                    TestResponse response = client.send("POST", "/hardening/order", body, contentType, headers);
                    assertThat(response.status()).as(contentType + " " + String.join(" ", crossOrigin)).isEqualTo(403);
                    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
                    assertThat(response.json().get("type").asText()).isEqualTo("/problems/csrf");
                    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
                }
            }
            assertThat(fixtures.created).as("actions that ran").isEmpty();
            // The same form from the page's own origin goes through, so the refusals above were the check's doing.
            assertThat(form.submit(client, "/hardening/order", "item=a&quantity=1", "Sec-Fetch-Site", "same-origin").status())
                    .isEqualTo(303);
            assertThat(fixtures.created).hasSize(1);
        });
    }

    @Test
    void aCrossOriginPostToACookieAuthenticatedRouteIsRefusedWhateverItsContentType() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse login = client.postJson("/api/session/login", "{\"user\":\"ada\",\"roles\":[]}");
            String cookie = login.cookie("arbor_session");
            for (String contentType : CONTENT_TYPES) {
                TestResponse response = client.send("POST", "/hardening/account/theme", "{}", contentType,
                        "Cookie", cookie, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
                assertThat(response.status()).as(contentType).isEqualTo(403);
                assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
            }
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    @Test
    void aRoutePostFromItsOwnOriginAPlainClientATokenHolderOrANamedCorsOriginRuns() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse login = client.postJson("/api/session/login", "{\"user\":\"ada\",\"roles\":[]}");
            String cookie = login.cookie("arbor_session");
            String own = "http://127.0.0.1:" + server.port();
            assertThat(client.send("POST", "/hardening/account/theme", "{}", "application/json", "Cookie", cookie,
                    "Origin", own, "Sec-Fetch-Site", "same-origin").status()).as("same origin").isEqualTo(200);
            assertThat(client.send("POST", "/hardening/account/theme", "{}", "application/json", "Cookie", cookie).status())
                    .as("no Origin, no Sec-Fetch-Site: not a browser").isEqualTo(200);
            assertThat(client.send("POST", "/hardening/account/theme", "{}", "application/json", "Cookie", cookie,
                    "Origin", "https://evil.example", "Authorization", "Bearer token-of-ada").status())
                    .as("Authorization cannot be added cross-site without a preflight").isEqualTo(200);
            assertThat(fixtures.invocations.get()).isEqualTo(3);
            assertThat(client.send("POST", "/api/cors", "{}", "application/json", "Origin", "https://app.example",
                    "Sec-Fetch-Site", "cross-site").status()).as("an origin the route's CORS policy names").isEqualTo(200);
            assertThat(client.send("POST", "/api/cors", "{}", "application/json", "Origin", "https://evil.example",
                    "Sec-Fetch-Site", "cross-site").status()).as("any other origin").isEqualTo(403);
        });
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
