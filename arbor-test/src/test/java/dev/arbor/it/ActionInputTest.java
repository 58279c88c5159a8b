package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** Action posts missing a part the action needs, or larger than the action allows: refused, nothing run. */
class ActionInputTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void aFormWithoutTheBoundValuesItsActionTakesIs400AndRunsNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            assertThat(form.bound()).isNotNull();
            TestResponse missing = form.with(form.action(), form.csrf(), null)
                    .submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Arbor-Enhanced", "1");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("type").asText()).endsWith("/invalid-bound-args");
            assertThat(fixtures.created).isEmpty();
            // The same form with its bound values runs: the 400 was the missing part's.
            assertThat(form.submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin").status()).isEqualTo(303);
            assertThat(fixtures.created).containsExactly("touched 7");
        });
    }

    @Test
    void boundValuesOfTheWrongShapeAre400AndRunNothing() throws Exception {
        byte[] secret = "the bound-values secret, 32 bytes long".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        dev.arbor.internal.action.Keys keys = new dev.arbor.internal.action.Keys(secret, java.util.List.of(),
                dev.arbor.internal.action.Keys.DEFAULT_BOUND_LIFETIME, java.time.Clock.systemUTC());
        ArborTest.run(TestApp.builder(fixtures).secret(secret), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/notes/7"), 0);
            for (String json : new String[] {"{}", "[]", "[7,8]", "[\"seven\"]", "7", "not json", "[7", "[7] [8]"}) {
                String sealed = keys.seal(form.action(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                TestResponse refused = form.with(form.action(), form.csrf(), sealed)
                        .submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin", "Arbor-Enhanced", "1");
                assertThat(refused.status()).as(json).isEqualTo(400);
                assertThat(refused.json().get("type").asText()).as(json).endsWith("/invalid-bound-args");
            }
            assertThat(fixtures.created).isEmpty();
            // The same array the page sealed, sealed again here, runs: the refusals were the shapes'.
            String again = keys.seal(form.action(), "[7]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(form.with(form.action(), form.csrf(), again).submit(client, "/notes/7", "", "Sec-Fetch-Site", "same-origin")
                    .status()).isEqualTo(303);
            assertThat(fixtures.created).containsExactly("touched 7");
        });
    }

    @Test
    void aPostOverTheActionsOwnBodyLimitIs413AndRunsNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/short-notes"), 0);
            TestResponse tooLong = form.submit(client, "/short-notes", "text=" + "a".repeat(300), "Sec-Fetch-Site", "same-origin");
            assertThat(tooLong.status()).isEqualTo(413);
            assertThat(fixtures.created).isEmpty();
            assertThat(form.submit(client, "/short-notes", "text=short", "Sec-Fetch-Site", "same-origin").status()).isEqualTo(303);
            assertThat(fixtures.created).containsExactly("short short");
        });
    }

    @Test
    void aFormBindingFailureWithNoFieldToShowItBesideComesBackAsTheFormsMessage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/short-notes"), 0);
            TestResponse unknown = form.submit(client, "/short-notes", "text=hi&admin=1", "Sec-Fetch-Site", "same-origin");
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.body()).contains("<p id=\"form-message\">Unknown field 'admin'</p>");

            TestResponse twice = form.submit(client, "/short-notes", "text=hi&text=ho", "Sec-Fetch-Site", "same-origin");
            assertThat(twice.status()).isEqualTo(422);
            assertThat(twice.body()).contains("<p id=\"form-message\">Field 'text' was sent more than once</p>")
                    .contains("<span id=\"text-error\">Sent more than once</span>");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void anOverLongFormValueIsShownBesideItsFieldAndAsTheFormsMessage() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(dev.arbor.Limits.defaults().withMaxStringLength(10)), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/short-notes"), 0);
            TestResponse tooLong = form.submit(client, "/short-notes", "text=" + "a".repeat(11), "Sec-Fetch-Site", "same-origin");
            assertThat(tooLong.status()).isEqualTo(422);
            assertThat(tooLong.body()).contains("<p id=\"form-message\">Field 'text': text too long (max 10 characters)</p>")
                    .contains("<span id=\"text-error\">Text too long (max 10 characters)</span>")
                    .doesNotContain("StreamReadConstraints");
            assertThat(fixtures.created).isEmpty();
        });
    }
}
