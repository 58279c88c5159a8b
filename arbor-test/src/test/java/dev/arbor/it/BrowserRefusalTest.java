package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/**
 * A browser without JavaScript whose form post is refused gets a short page saying what happened, with a link
 * back to the form's page; the client runtime and every other caller keep getting problem+json. Nothing runs.
 */
class BrowserRefusalTest {
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private final Fixtures fixtures = new Fixtures();

    private static void assertRefusalPage(TestResponse answer, int status, String says, String backTo) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body()).contains(says).contains("<a href=\"" + backTo + "\">")
                .doesNotContain("problem", "\"type\"", "Exception", "dev.arbor");
    }

    @Test
    void aCrossSiteFormPostGetsAPageThatLinksBack() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            assertRefusalPage(form.submit(client, "/notes/7", "", "Origin", "https://evil.example", "Accept", HTML),
                    403, "refused", "/notes/7");
            TestResponse api = form.submit(client, "/notes/7", "", "Origin", "https://evil.example");
            assertThat(api.status()).isEqualTo(403);
            assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aTamperedFormGetsAPage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            String bound = form.bound();
            ActionForm altered = form.with(form.action(), form.csrf(), bound.substring(0, 20) + (bound.charAt(20) == 'A' ? 'B' : 'A') + bound.substring(21));
            assertRefusalPage(altered.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Accept", HTML),
                    400, "altered", "/notes/7");
            ActionForm noAction = form.with("not-an-action", form.csrf(), form.bound());
            assertRefusalPage(noAction.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Accept", HTML),
                    400, "names no valid action", "/notes/7");
            TestResponse enhanced = altered.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Accept", HTML,
                    "Arbor-Enhanced", "1");
            assertThat(enhanced.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aBodyOverTheLimitGetsAPage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/short-notes"), 0);
            assertRefusalPage(form.submit(client, "/short-notes", "text=" + "a".repeat(300), "Sec-Fetch-Site", "same-origin",
                    "Accept", HTML), 413, "larger than", "/short-notes");
            assertRefusalPage(form.submit(client, "/short-notes", "text=" + "a".repeat(2 * 1024 * 1024), "Sec-Fetch-Site",
                    "same-origin", "Accept", HTML), 413, "larger than", "/short-notes");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void anUnsupportedContentTypeGetsAPage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse answer = client.send("POST", "/notes/7", "_action=x", "text/plain", "Sec-Fetch-Site", "same-origin",
                    "Accept", HTML);
            assertRefusalPage(answer, 415, "Content-Type", "/notes/7");
            TestResponse api = client.send("POST", "/notes/7", "_action=x", "text/plain", "Sec-Fetch-Site", "same-origin");
            assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
        });
    }

    @Test
    void anAccessRefusalIsAPageThatLinksBackForABrowserAndAProblemForAScript() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm join = ActionForm.of(client.get("/members"), 0);
            TestResponse browser = join.submit(client, "/members", "name=Mallory", "Sec-Fetch-Site", "same-origin", "Accept", HTML);
            assertRefusalPage(browser, 401, "Sign in first", "/members");
            assertThat(browser.body()).contains("Nothing was changed");

            // curl -d: Accept */*, no Fetch Metadata.
            TestResponse script = join.submit(client, "/members", "name=Mallory", "Accept", "*/*");
            assertThat(script.status()).isEqualTo(401);
            assertThat(script.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(script.json().get("detail").asText()).isEqualTo("Sign in first");
            assertThat(fixtures.invocations).hasValue(0);
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aMadeUpBearerTokenOnAPageIsA401PageForABrowserWithItsChallenge() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse page = client.get("/plain", "Authorization", "Bearer forged", "Accept", HTML);
            assertThat(page.status()).isEqualTo(401);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(page.body()).contains("bearer token is not valid").doesNotContain("\"type\"", "No form, no script");

            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            TestResponse post = form.submit(client, "/notes/7", "", "Authorization", "Bearer forged", "Sec-Fetch-Site", "same-origin",
                    "Accept", HTML);
            assertRefusalPage(post, 401, "bearer token is not valid", "/notes/7");
            assertThat(post.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aFailingPageIsAPageForABrowserAndAProblemForAScript() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse browser = client.get("/guarded/broken", "Accept", HTML);
            assertThat(browser.status()).isEqualTo(500);
            assertThat(browser.header("Content-Type")).startsWith("text/html");
            assertThat(browser.body()).contains("Error id").doesNotContain("secret", "IllegalState");

            TestResponse script = client.get("/guarded/broken", "Accept", "*/*");
            assertThat(script.status()).isEqualTo(500);
            assertThat(script.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(script.json().get("detail").asText()).contains("Error id").doesNotContain("secret");
        });
    }
}
