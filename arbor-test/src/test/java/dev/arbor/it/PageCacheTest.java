package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestClock;
import dev.arbor.test.TestResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private final Fixtures fixtures = new Fixtures();

    /** The text of a test page's {@code <p id="text">}. */
    static String text(TestResponse page) {
        Matcher m = Pattern.compile("<p id=\"text\">([^<]*)</p>").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    private static TestResponse submit(TestClient client, String path) {
        return ActionForm.of(client.get(path), 0).submit(client, path, "");
    }

    @Test
    void aCachedPageStaysStaleUntilAnActionRevalidatesItsPath() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse first = client.get("/counter");
            assertThat(first.header("X-Arbor-Cache")).isEqualTo("MISS");
            assertThat(text(first)).isEqualTo("count=0");
            fixtures.invocations.incrementAndGet();
            TestResponse cached = client.get("/counter");
            assertThat(cached.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(text(cached)).as("without revalidation the cached page is stale").isEqualTo("count=0");

            TestResponse redirect = submit(client, "/counter");
            assertThat(redirect.status()).isEqualTo(303);
            assertThat(text(client.get("/counter"))).isEqualTo("count=2");
        });
    }

    @Test
    void aPageWithoutFormsOrScriptsCostsNoSessionCookieAndAllowsNoScript() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse plain = client.get("/plain");
            assertThat(plain.header("Content-Security-Policy")).contains("script-src 'none'");
            assertThat(plain.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_csrf="));
            TestResponse withForm = client.get("/meet");
            assertThat(withForm.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("arbor_csrf="));
            assertThat(withForm.body()).contains("name=\"_csrf\"");
        });
    }

    /**
     * A visitor without cookies reading a cached page that renders no form costs no anchor, no token and no
     * {@code Set-Cookie}, served from the cache (MISS) or from it (HIT); a cached page with a form still gets its
     * anchor, and the token filled in for it is one an action post with that anchor passes with.
     */
    @Test
    void aCachedPageWithoutAFormSetsNoCookieAndOneWithAFormGetsItsAnchor() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            java.util.List<ActionForm> forms = new java.util.ArrayList<>();
            for (String state : java.util.List.of("MISS", "HIT")) {
                TestResponse plain = client.get("/catalogue");
                assertThat(plain.header("X-Arbor-Cache")).isEqualTo(state);
                assertThat(plain.headers().allValues("Set-Cookie")).as("a form-less page, %s", state).isEmpty();

                TestResponse withForm = client.get("/counter");
                assertThat(withForm.header("X-Arbor-Cache")).isEqualTo(state);
                ActionForm form = ActionForm.of(withForm, 0);
                assertThat(form.cookie()).as("a page with a form, %s", state).startsWith(ANCHOR + "=");
                forms.add(form);
            }
            assertThat(forms.get(0).cookie()).isNotEqualTo(forms.get(1).cookie());
            for (ActionForm form : forms) {
                assertThat(form.submit(client, "/counter", "").status()).isEqualTo(303);
            }
            // A visitor who already has an anchor keeps it: the cached form's token is made for it, no new cookie.
            String anchor = ActionForm.of(client.get("/counter"), 0).cookie();
            TestResponse again = client.get("/counter", "Cookie", anchor);
            assertThat(again.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(ANCHOR + "="));
            ActionForm kept = ActionForm.of(again, 0);
            assertThat(new ActionForm(kept.action(), kept.csrf(), kept.bound(), anchor).submit(client, "/counter", "").status())
                    .isEqualTo(303);
        });
    }

    private static final String ANCHOR = "arbor_csrf";

    @Test
    void aRouteCanRevalidateAPageToo() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            assertThat(text(client.get("/counter"))).isEqualTo("count=0");
            assertThat(client.postJson("/api/counter/bump", "{}").status()).isEqualTo(204);
            assertThat(text(client.get("/counter"))).isEqualTo("count=1");
        });
    }

    @Test
    void revalidateTagDropsTheDataAndThePagesThatReadIt() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            assertThat(text(client.get("/tagged"))).isEqualTo("tagged=0");
            fixtures.invocations.incrementAndGet();
            assertThat(text(client.get("/tagged"))).isEqualTo("tagged=0");
            assertThat(submit(client, "/tagged").status()).isEqualTo(303);
            assertThat(text(client.get("/tagged"))).isEqualTo("tagged=2");
        });
    }

    @Test
    void aStalePageIsServedWhileItIsRenderedAgainInTheBackground() throws Exception {
        TestClock clock = new TestClock();
        ArborTest.run(TestApp.builder(fixtures).clock(clock), (server, client) -> {
            assertThat(text(client.get("/quick"))).isEqualTo("quick=0");
            fixtures.invocations.incrementAndGet();
            clock.advance(Duration.ofSeconds(1)); // @Page(revalidate = 1): fresh for one second
            TestResponse fresh = client.get("/quick");
            assertThat(fresh.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(text(fresh)).isEqualTo("quick=0");
            clock.advance(Duration.ofMillis(1));
            TestResponse stale = client.get("/quick");
            assertThat(stale.header("X-Arbor-Cache")).isEqualTo("STALE");
            assertThat(text(stale)).isEqualTo("quick=0");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(text(client.get("/quick"))).isEqualTo("quick=1"));
        });
    }

    @Test
    void manyDistinctUnknownQueriesOnACachedPageHitTheSameEntry() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse first = client.get("/catalogue");
            assertThat(first.header("X-Arbor-Cache")).isEqualTo("MISS");
            for (int i = 0; i < 200; i++) {
                TestResponse junk = client.get("/catalogue?utm_source=" + i + "&q=" + "y".repeat(i));
                assertThat(junk.header("X-Arbor-Cache")).as("query %d", i).isEqualTo("HIT");
                assertThat(text(junk)).isEqualTo("page=1 renders=1");
            }
        });
    }

    @Test
    void eachValueOfADeclaredQueryParameterIsItsOwnEntryWhateverElseTheQueryCarries() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse two = client.get("/catalogue?page=2");
            assertThat(two.header("X-Arbor-Cache")).isEqualTo("MISS");
            assertThat(text(two)).isEqualTo("page=2 renders=1");
            TestResponse again = client.get("/catalogue?ref=mail&page=2");
            assertThat(again.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(text(again)).isEqualTo("page=2 renders=1");
            TestResponse three = client.get("/catalogue?page=3");
            assertThat(three.header("X-Arbor-Cache")).isEqualTo("MISS");
            assertThat(text(three)).isEqualTo("page=3 renders=2");
            assertThat(client.get("/catalogue").header("X-Arbor-Cache")).isEqualTo("MISS");
        });
    }

    @Test
    void aFloodOfOneOffValuesOfADeclaredParameterDoesNotPushOutAPageReadOften() throws Exception {
        // Room for two renders of about 8 KB. Each new value renders once (the flood's remaining cost), but the
        // cache admits a newcomer only over an entry read less often than it: the page people read stays.
        ArborTest.run(TestApp.builder(fixtures).pageCacheBytes(20_000), (server, client) -> {
            client.get("/catalogue?page=1");
            for (int i = 0; i < 5; i++) {
                assertThat(client.get("/catalogue?page=1").header("X-Arbor-Cache")).isEqualTo("HIT");
            }
            for (int i = 0; i < 100; i++) {
                assertThat(client.get("/catalogue?page=" + (1_000 + i)).header("X-Arbor-Cache")).as("one-off %d", i).isEqualTo("MISS");
                if (i % 5 == 4) {
                    // Five newer pages since it was last read: by recency alone it would have gone.
                    assertThat(client.get("/catalogue?page=1").header("X-Arbor-Cache")).as("after one-off %d", i).isEqualTo("HIT");
                }
            }
        });
    }

    @Test
    void aCachedRenderReadingAnUndeclaredQueryParameterIsToldToDeclareIt() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse sloppy = client.get("/sloppy?sort=price");
            assertThat(text(sloppy)).contains("/sloppy", "'sort'", "@Page(query = {\"page\", \"sort\"})");
        });
    }

    @Test
    void thePageCacheKeepsNoMoreBytesThanItIsGiven() throws Exception {
        // Room for two renders of about 8 KB: of six pages, at most two can still be cached.
        ArborTest.run(TestApp.builder(fixtures).pageCacheBytes(20_000), (server, client) -> {
            for (int page = 1; page <= 6; page++) {
                assertThat(client.get("/catalogue?page=" + page).header("X-Arbor-Cache")).isEqualTo("MISS");
            }
            int hits = 0;
            for (int page = 1; page <= 6; page++) {
                hits += "HIT".equals(client.get("/catalogue?page=" + page).header("X-Arbor-Cache")) ? 1 : 0;
            }
            assertThat(hits).as("the last pages rendered are still kept, no more than fit").isBetween(1, 2);
        });
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            client.get("/catalogue?page=1");
            assertThat(client.get("/catalogue?page=1").header("X-Arbor-Cache")).as("the default size keeps it").isEqualTo("HIT");
        });
        ArborTest.run(TestApp.builder(fixtures).pageCacheBytes(1_000), (server, client) -> {
            client.get("/catalogue");
            assertThat(client.get("/catalogue").header("X-Arbor-Cache")).as("a page larger than the cache is never kept")
                    .isEqualTo("MISS");
        });
    }

    @Test
    void everyCachedServeGetsItsOwnNonceAndTheVisitorsOwnToken() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            client.get("/counter");
            TestResponse a = client.get("/counter");
            TestResponse b = client.get("/counter");
            assertThat(a.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(a.header("Content-Security-Policy")).isNotEqualTo(b.header("Content-Security-Policy"));
            assertThat(a.body()).doesNotContain("__arbor_");
            assertThat(ActionForm.of(a, 0).csrf()).isNotEqualTo(ActionForm.of(b, 0).csrf());
            String nonce = a.header("Content-Security-Policy").replaceAll(".*'nonce-([^']+)'.*", "$1");
            assertThat(a.body()).contains("nonce=\"" + nonce + "\"");
        });
    }

    /**
     * What a visitor sends is never taken for a placeholder: an echo of the placeholders' text (the fixed strings
     * they once were, or anything like them) is served as sent, on a miss and on a hit, without the serve's nonce
     * or the visitor's token.
     */
    @Test
    void userTextOnACachedPageNeverPicksUpTheNonceOrTheToken() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String sent : java.util.List.of("__arbor_nonce_5f3c1e__", "__arbor_token_9b2d7a__",
                    "x__arbor_nonce_5f3c1e__y__arbor_token_9b2d7a__z")) {
                String query = "/echo?q=" + java.net.URLEncoder.encode(sent, java.nio.charset.StandardCharsets.UTF_8);
                for (String expected : java.util.List.of("MISS", "HIT")) {
                    TestResponse page = client.get(query);
                    assertThat(page.header("X-Arbor-Cache")).isEqualTo(expected);
                    String nonce = page.header("Content-Security-Policy").replaceAll(".*'nonce-([^']+)'.*", "$1");
                    String token = ActionForm.of(page, 0).csrf();
                    assertThat(page.body()).as("the script still gets the nonce").contains("nonce=\"" + nonce + "\"");
                    assertThat(text(page)).as(expected).isEqualTo(sent).doesNotContain(nonce).doesNotContain(token);
                    Matcher link = Pattern.compile("<a id=\"link\" href=\"([^\"]*)\"").matcher(page.body());
                    assertThat(link.find()).isTrue();
                    assertThat(link.group(1)).as(expected).isEqualTo("https://elsewhere.example/?t=" + sent)
                            .doesNotContain(token).doesNotContain(nonce);
                }
            }
        });
    }

    @Test
    void anHttpErrorThrownByAnActionIsAPageForABrowsersFormAndAProblemForTheRuntimeAndScripts() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse plain = ActionForm.of(client.get("/counter"), 1).submit(client, "/counter", "", "Accept", "text/html");
            assertThat(plain.status()).isEqualTo(429);
            assertThat(plain.header("Retry-After")).isEqualTo("90");
            assertThat(plain.header("Content-Type")).startsWith("text/html");
            TestResponse script = ActionForm.of(client.get("/counter"), 1).submit(client, "/counter", "");
            assertThat(script.status()).isEqualTo(429);
            assertThat(script.header("Retry-After")).isEqualTo("90");
            assertThat(script.header("Content-Type")).isEqualTo("application/problem+json");
            TestResponse enhanced = ActionForm.of(client.get("/counter"), 1).submit(client, "/counter", "", "Arbor-Enhanced", "1");
            assertThat(enhanced.status()).isEqualTo(429);
            assertThat(enhanced.header("Retry-After")).isEqualTo("90");
            assertThat(enhanced.header("Content-Type")).isEqualTo("application/problem+json");
        });
    }

    @Test
    void pageCodeAnswers403404And303WithProperPages() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse forbidden = client.get("/guarded/forbidden");
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.header("Content-Type")).startsWith("text/html");
            assertThat(forbidden.body()).contains("Members only");
            TestResponse missing = client.get("/guarded/missing");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("Nothing &lt;here&gt;").doesNotContain("<here>");
            TestResponse moved = client.get("/guarded/moved");
            assertThat(moved.status()).isEqualTo(303);
            assertThat(moved.header("Location")).isEqualTo("/counter");
            assertThat(forbidden.header("Content-Security-Policy")).contains("frame-ancestors 'self'");
            TestResponse broken = client.get("/guarded/broken", "Accept", "text/html");
            assertThat(broken.status()).isEqualTo(500);
            assertThat(broken.header("Content-Type")).startsWith("text/html");
            assertThat(broken.body()).contains("Error id: ").doesNotContain("secret", "jdbc", "IllegalStateException");
        });
    }
}
