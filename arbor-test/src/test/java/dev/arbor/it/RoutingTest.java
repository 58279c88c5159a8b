package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private final Fixtures fixtures = new Fixtures();

    private void run(ArborTest.Body body) throws Exception {
        ArborTest.run(TestApp.builder(fixtures), body);
    }

    @Test
    void literalSegmentBeatsParameter() throws Exception {
        run((server, client) -> {
            assertThat(client.get("/items/new").body()).isEqualTo("the new-item form");
            assertThat(client.get("/items/42").json().get("id").asLong()).isEqualTo(42);
        });
    }

    @Test
    void catchAllTakesTheRestOfThePathDecoded() throws Exception {
        run((server, client) -> {
            assertThat(client.get("/files/docs/a%20b/c.txt").body()).isEqualTo("file docs/a b/c.txt");
            assertThat(client.get("/files").status()).isEqualTo(404);
        });
    }

    @Test
    void handlersRunOnVirtualThreads() throws Exception {
        run((server, client) -> assertThat(client.get("/items/1").json().get("virtual").asBoolean()).isTrue());
    }

    @Test
    void trailingSlashRedirectsPermanentlyToThePathWithout() throws Exception {
        run((server, client) -> {
            var response = client.get("/items/7/?x=1");
            assertThat(response.status()).isEqualTo(308);
            assertThat(response.header("Location")).isEqualTo("/items/7?x=1");
            assertThat(client.get("/").body()).isEqualTo("<h1>home</h1>");
        });
    }

    @Test
    void aPathParameterThatIsNotANumberAnswers400() throws Exception {
        run((server, client) -> {
            var response = client.get("/items/abc");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.json().get("detail").asText()).isEqualTo("path parameter 'id' must be a whole number");
        });
    }

    @Test
    void unknownApiPathAnswersProblemJsonAndOtherPathsAnHtmlPage() throws Exception {
        run((server, client) -> {
            var api = client.get("/api/nothing-here");
            assertThat(api.status()).isEqualTo(404);
            assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(api.json().get("status").asInt()).isEqualTo(404);
            var page = client.get("/nothing-here");
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("This page could not be found");
        });
    }

    @Test
    void headIsAnsweredFromGetWithoutABody() throws Exception {
        run((server, client) -> {
            var get = client.get("/items/5");
            var head = client.send("HEAD", "/items/5", HttpRequest.BodyPublishers.noBody());
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.bytes()).isEmpty();
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get.bytes().length));
        });
    }

    @Test
    void optionsAnswersAllow() throws Exception {
        run((server, client) -> {
            var response = client.send("OPTIONS", "/items/5", HttpRequest.BodyPublishers.noBody());
            assertThat(response.status()).isEqualTo(204);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
        });
    }

    @Test
    void aVerbTheRouteLacksAnswers405WithAllowAndRunsNothing() throws Exception {
        run((server, client) -> {
            for (String verb : new String[] {"POST", "PATCH", "BREW"}) {
                var response = client.send(verb, "/items/5", HttpRequest.BodyPublishers.ofString("{}"));
                assertThat(response.status()).as(verb).isEqualTo(405);
                assertThat(response.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
                assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            }
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    @Test
    void voidHandlersAnswer204() throws Exception {
        run((server, client) -> {
            assertThat(client.delete("/items/5").status()).isEqualTo(204);
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }

    @Test
    void unexpectedExceptionsAnswerAGeneric500WithoutDetails() throws Exception {
        run((server, client) -> {
            var response = client.get("/api/boom");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.json().get("detail").asText()).startsWith("Something went wrong on our side. Error id: ");
            assertThat(response.body()).doesNotContain("hunter2", "IllegalStateException", "postgresql", "at dev.arbor");
        });
    }

    @Test
    void thrownHttpErrorsBecomeProblems() throws Exception {
        run((server, client) -> {
            var response = client.delete("/api/boom");
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.json().get("title").asText()).isEqualTo("Conflict");
            assertThat(response.json().get("detail").asText()).isEqualTo("Cannot delete: still referenced");
        });
    }

    @Test
    void responsesCarryNosniffAndNoServerVersion() throws Exception {
        run((server, client) -> {
            var response = client.get("/items/1");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Server")).isNull();
        });
    }

    @Test
    void oversizedHeadersAnswer431() throws Exception {
        run((server, client) -> {
            var response = client.get("/items/1", "X-Big", "a".repeat(10_000));
            assertThat(response.status()).isEqualTo(431);
        });
    }
}
