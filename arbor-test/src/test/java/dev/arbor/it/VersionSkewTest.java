package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.Services;
import dev.arbor.spi.ActionDefinition;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page rendered by one build posted to another (a rolling deploy): the action is unknown, so the answer says
 * the build differs and the page reloads; no action, and certainly no other action, runs.
 */
class VersionSkewTest {
    private static final byte[] SECRET = "one secret for both builds, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    /** The test app as a build that has the actions {@code actions}. */
    private static Arbor.Builder build(Fixtures fixtures, List<ActionDefinition> actions) {
        return Arbor.builder()
                .services(new Services().add(Fixtures.class, fixtures))
                .routes(TestApp_.ROUTES)
                .actions(actions)
                .bearerTokens(TestApp::owner)
                .secret(SECRET)
                .sseHeartbeat(Duration.ofMillis(200));
    }

    private static List<ActionDefinition> withoutTouch() {
        return TestApp_.ACTIONS.stream().filter(a -> !a.ref().key().contains("Notes#touch")).toList();
    }

    @Test
    void aFormFromAnotherBuildIsABuildMismatchAndRunsNothing() throws Exception {
        Fixtures fixtures = new Fixtures();
        try (Arbor previous = ArborTest.start(build(new Fixtures(), TestApp_.ACTIONS));
             Arbor current = ArborTest.start(build(fixtures, withoutTouch()))) {
            TestClient toPrevious = new TestClient(previous.uri());
            TestClient toCurrent = new TestClient(current.uri());
            ActionForm form = ActionForm.of(toPrevious.get("/notes/7"), 0);
            String previousBuild = form.submit(toPrevious, "/notes/7", "").header("X-Build-Id");

            TestResponse enhanced = form.submit(toCurrent, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Arbor-Enhanced", "1");
            assertThat(enhanced.status()).isEqualTo(409);
            assertThat(enhanced.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(enhanced.json().get("type").asText()).endsWith("/build-mismatch");
            assertThat(enhanced.header("Arbor-Reload")).isEqualTo("1");
            assertThat(enhanced.header("X-Build-Id")).matches("[0-9a-f]{16}").isNotEqualTo(previousBuild);

            TestResponse plain = form.submit(toCurrent, "/notes/7", "", "Sec-Fetch-Site", "same-origin");
            assertThat(plain.status()).isEqualTo(303);
            assertThat(plain.header("Location")).isEqualTo("/notes/7");
            assertThat(plain.header("X-Build-Id")).isEqualTo(enhanced.header("X-Build-Id"));
            // The flash is for the browser that posted: it comes back with that browser's anchor cookie.
            TestResponse reloaded = toCurrent.get("/notes/7", "Cookie", form.cookie() + "; " + plain.cookie("arbor_flash"));
            assertThat(reloaded.body()).contains("This page is out of date");

            assertThat(fixtures.created).isEmpty();
            assertThat(fixtures.invocations.get()).isZero();
        }
    }

    @Test
    void theBuildIdNamesTheActionTableNotTheKeys() throws Exception {
        String[] ids = new String[3];
        Arbor.Builder[] builds = {
            build(new Fixtures(), TestApp_.ACTIONS),
            build(new Fixtures(), TestApp_.ACTIONS).secret("another secret of at least 32 bytes..".getBytes(StandardCharsets.UTF_8)),
            build(new Fixtures(), withoutTouch())};
        for (int i = 0; i < builds.length; i++) {
            int n = i;
            ArborTest.run(builds[i], (server, client) -> {
                ActionForm form = ActionForm.of(client.get("/counter"), 0);
                ids[n] = form.submit(client, "/counter", "").header("X-Build-Id");
            });
        }
        assertThat(ids[0]).isNotNull().isEqualTo(ids[1]).isNotEqualTo(ids[2]);
    }
}
