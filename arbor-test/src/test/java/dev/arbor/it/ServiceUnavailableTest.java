package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the database is unreachable, a route answers 503 problem+json with {@code Retry-After} and an action shows
 * its form again with a "try again" message and the values kept; any other failure is still a 500. The database
 * failures are simulated by {@link OutageUnderTest}; the shop's {@code DatabaseOutageTest} cuts a real PostgreSQL.
 */
class ServiceUnavailableTest {
    private final Fixtures fixtures = new Fixtures();

    @AfterEach
    void databaseBack() {
        OutageUnderTest.DOWN.set(false);
    }

    @Test
    void aRouteFailingForWantOfTheDatabaseAnswers503ProblemWithRetryAfterAndNoDetails() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String kind : new String[] {"pool-timeout", "connection-lost", "refused", "shutting-down"}) {
                TestResponse answer = client.get("/api/outage/" + kind);
                assertThat(answer.status()).as(kind).isEqualTo(503);
                assertThat(answer.header("Content-Type")).as(kind).isEqualTo("application/problem+json");
                assertThat(answer.header("Retry-After")).as(kind).isEqualTo("5");
                assertThat(answer.json().get("type").asText()).as(kind).isEqualTo("/problems/service-unavailable");
                assertThat(answer.json().get("detail").asText()).as(kind)
                        .isEqualTo("The service is temporarily unavailable; please try again");
                assertThat(answer.body()).as(kind).doesNotContain("SQL", "Connection", "5432", "backend", "Exception", "at dev.");
            }
        });
    }

    @Test
    void anyOtherDatabaseErrorIsStillAGeneric500() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse answer = client.get("/api/outage/syntax");
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.header("Retry-After")).isNull();
            assertThat(answer.body()).doesNotContain("SELEC", "syntax");
        });
    }

    @Test
    void aWriteDuringTheOutageIs503AndWritesNothingAndTheSameWriteSucceedsOnceTheDatabaseIsBack() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            OutageUnderTest.DOWN.set(true);
            TestResponse refused = client.postJson("/api/outage/x", "{}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(fixtures.created).isEmpty();

            OutageUnderTest.DOWN.set(false);
            assertThat(client.postJson("/api/outage/x", "{}").status()).isEqualTo(201);
            assertThat(fixtures.created).containsExactly("route");
        });
    }

    @Test
    void aFormPostedDuringTheOutageComesBackWithTheMessageAndItsValuesAndCanBeSentAgain() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/outage/notes"), 0);
            OutageUnderTest.DOWN.set(true);
            TestResponse again = form.submit(client, "/outage/notes", "title=Groceries&body=Milk+and+eggs", "Accept", "text/html");
            assertThat(again.status()).isEqualTo(503);
            assertThat(again.header("Content-Type")).startsWith("text/html");
            assertThat(again.header("Retry-After")).isEqualTo("5");
            assertThat(again.body())
                    .contains("<p id=\"message\">The service is temporarily unavailable; please try again</p>")
                    .contains("name=\"title\" value=\"Groceries\"")
                    .contains("<textarea name=\"body\">Milk and eggs</textarea>")
                    .doesNotContain("SQLTransient", "request timed out");
            assertThat(fixtures.created).isEmpty();

            OutageUnderTest.DOWN.set(false);
            // The re-rendered form is the one a user sends again (in the same session: the page set no new cookie).
            ActionForm shownAgain = ActionForm.of(again, 0);
            assertThat(shownAgain.cookie()).isNull();
            TestResponse sent = new ActionForm(shownAgain.action(), shownAgain.csrf(), shownAgain.bound(), form.cookie())
                    .submit(client, "/outage/notes", "title=Groceries&body=Milk+and+eggs", "Accept", "text/html");
            assertThat(sent.status()).isEqualTo(303);
            assertThat(fixtures.created).hasSize(1);
        });
    }

    @Test
    void anEnhancedFormPostGetsThePageWithTheMessageAndValuesToApplyInPlace() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/outage/notes"), 0);
            OutageUnderTest.DOWN.set(true);
            TestResponse again = form.submit(client, "/outage/notes", "title=Groceries&body=Milk", "Arbor-Enhanced", "1");
            assertThat(again.status()).isEqualTo(503);
            assertThat(again.header("Content-Type")).startsWith("text/html");
            assertThat(again.body()).contains("The service is temporarily unavailable; please try again")
                    .contains("name=\"title\" value=\"Groceries\"");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aScriptPostingTheFormDuringTheOutageGetsAProblemToRetry() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            ActionForm form = ActionForm.of(client.get("/outage/notes"), 0);
            OutageUnderTest.DOWN.set(true);
            TestResponse again = form.submit(client, "/outage/notes", "title=Groceries&body=Milk", "Accept", "*/*");
            assertThat(again.status()).isEqualTo(503);
            assertThat(again.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(again.header("Retry-After")).isEqualTo("5");
            assertThat(again.json().get("detail").asText()).isEqualTo("The service is temporarily unavailable; please try again");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aPageThatCannotReachTheDatabaseAnswersA503PageNotA500() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            OutageUnderTest.DOWN.set(true);
            TestResponse script = client.get("/outage/listing");
            assertThat(script.status()).isEqualTo(503);
            assertThat(script.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(script.header("Retry-After")).isEqualTo("5");
            TestResponse page = client.get("/outage/listing", "Accept", "text/html");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Retry-After")).isEqualTo("5");
            assertThat(page.body()).contains("temporarily unavailable").doesNotContain("SQLTransient", "request timed out");
            OutageUnderTest.DOWN.set(false);
            assertThat(client.get("/outage/listing").status()).isEqualTo(200);
        });
    }
}
