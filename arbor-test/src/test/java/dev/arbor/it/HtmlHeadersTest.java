package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** Every HTML answer carries a CSP and the page headers, not only what pages render (checklist item 27). */
class HtmlHeadersTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void htmlFromARouteAndThe500PageOfAFailingPageGetTheNoScriptPolicy() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String path : new String[] {"/route-html", "/guarded/broken"}) {
                TestResponse response = client.get(path);
                assertThat(response.header("Content-Type")).as(path).startsWith("text/html");
                assertThat(response.header("Content-Security-Policy")).as(path)
                        .contains("script-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'");
                assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("strict-origin-when-cross-origin");
                assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("SAMEORIGIN");
                assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            }
            assertThat(client.get("/guarded/broken").status()).isEqualTo(500);
        });
    }

    @Test
    void aRouteThatSetsItsOwnPolicyKeepsItAndJsonGetsNone() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse own = client.get("/route-html?own=1");
            assertThat(own.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'self'");
            TestResponse json = client.get("/items/1");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(json.header("Content-Security-Policy")).isNull();
        });
    }
}
