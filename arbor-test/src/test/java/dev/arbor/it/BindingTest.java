package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

class BindingTest {
    private final Fixtures fixtures = new Fixtures();

    private void run(ArborTest.Body body) throws Exception {
        ArborTest.run(TestApp.builder(fixtures), body);
    }

    private static void assertProblem(TestResponse response, int status, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("Exception", "dev.arbor", "jackson");
    }

    @Test
    void aValidJsonBodyIsBoundValidatedAndPassedToTheHandler() throws Exception {
        run((server, client) -> {
            var response = client.postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":36}");
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/api/users/1");
            assertThat(response.json().get("name").asText()).isEqualTo("Ada");
            assertThat(fixtures.created).hasSize(1);
        });
    }

    @Test
    void malformedJsonAnswers400AndRunsNothing() throws Exception {
        run((server, client) -> {
            assertProblem(client.postJson("/api/users", "{\"name\":\"Ada\","), 400, "Malformed JSON at line 1, column 15");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aWrongTypeAnswers400NamingTheField() throws Exception {
        run((server, client) -> {
            assertProblem(client.postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"age\":\"old\"}"),
                    400, "Field 'age' must be a whole number");
            assertProblem(client.postJson("/api/users", "[1,2]"), 400, "Request body must be an object");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void anUnknownFieldAnswers400() throws Exception {
        run((server, client) -> {
            assertProblem(client.postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"admin\":true}"),
                    400, "Unknown field 'admin'");
            assertProblem(client.postJson("/api/users", "{\"@class\":\"java.lang.Runtime\",\"name\":\"Ada\"}"),
                    400, "Unknown field '@class'");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void missingAndInvalidFieldsAnswer422ListingEachField() throws Exception {
        run((server, client) -> {
            var response = client.postJson("/api/users", "{\"email\":\"not-an-email\",\"age\":200}");
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.json().get("type").asText()).isEqualTo("/problems/validation");
            assertThat(response.json().get("errors").toString()).isEqualTo(
                    "[{\"field\":\"age\",\"message\":\"must be less than or equal to 150\"},"
                            + "{\"field\":\"email\",\"message\":\"must be a well-formed email address\"},"
                            + "{\"field\":\"name\",\"message\":\"must not be blank\"}]");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void anEmptyBodyAnswers400() throws Exception {
        run((server, client) -> assertProblem(client.postJson("/api/users", ""), 400, "Request body is empty: expected a JSON object"));
    }

    @Test
    void anUnsupportedContentTypeAnswers415() throws Exception {
        run((server, client) -> {
            assertProblem(client.send("POST", "/api/users", "name=Ada", "text/plain"), 415,
                    "Unsupported Content-Type text/plain: send application/json or a form");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aFormBodyBindsToTheSameRecord() throws Exception {
        run((server, client) -> {
            var response = client.postForm("/api/users", "name=Grace+Hopper&email=grace%40example.com&age=85");
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("name").asText()).isEqualTo("Grace Hopper");
            assertThat(response.json().get("age").asInt()).isEqualTo(85);
        });
    }

    @Test
    void aTwoMegabyteBodyAnswers413AndRunsNothing() throws Exception {
        run((server, client) -> {
            String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"email\":\"a@b.c\"}";
            var response = client.postJson("/api/users", big);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() throws Exception {
        run((server, client) -> {
            var publisher = java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(new byte[2 * 1024 * 1024]));
            var response = client.send("POST", "/api/raw", publisher, "Content-Type", "application/octet-stream");
            assertThat(response.status()).isEqualTo(413);
        });
    }

    @Test
    void aRouteCanLowerItsOwnBodyLimit() throws Exception {
        run((server, client) -> {
            assertThat(client.postJson("/api/tiny", "{\"a\":1}").status()).isEqualTo(200);
            assertThat(client.postJson("/api/tiny", "{\"a\":\"0123456789abcdef\"}").status()).isEqualTo(413);
        });
    }

    @Test
    void jsonNestedDeeperThanTheLimitAnswers400() throws Exception {
        run((server, client) -> {
            assertThat(client.postJson("/api/anything", "{\"value\":" + "[".repeat(31) + "]".repeat(31) + "}").status()).isEqualTo(200);
            String deep = "{\"value\":" + "[".repeat(32) + "]".repeat(32) + "}";
            assertProblem(client.postJson("/api/anything", deep), 400, "JSON nested too deeply (max 32 levels)");
        });
    }

    @Test
    void aStringLongerThanTheLimitAnswers400() throws Exception {
        run((server, client) -> {
            var response = client.postJson("/api/users", "{\"name\":\"" + "x".repeat(64 * 1024 + 1) + "\",\"email\":\"a@b.c\"}");
            assertProblem(response, 400, "Text too long (max 65536 characters)");
            assertThat(response.body()).doesNotContain("StreamReadConstraints");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aNumberLongerThanTheLimitSaysSoWithoutNamingTheParser() throws Exception {
        run((server, client) -> {
            var response = client.postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"a@b.c\",\"age\":" + "9".repeat(101) + "}");
            assertProblem(response, 400, "Number too long (max 100 digits)");
            assertThat(response.body()).doesNotContain("StreamReadConstraints", "Jackson");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aDuplicatedJsonKeyIsNamedNotCalledMalformed() throws Exception {
        run((server, client) -> {
            assertProblem(client.postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"a@b.c\",\"name\":\"Eve\"}"),
                    400, "Duplicate field \"name\"");
            assertProblem(client.postJson("/api/anything", "{\"value\":{\"a\":1,\"a\":2}}"), 400, "Duplicate field \"a\"");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void aSingleValuedFormFieldSentTwiceSaysSo() throws Exception {
        run((server, client) -> {
            assertProblem(client.postForm("/api/users", "name=Ada&name=Eve&email=a%40b.c"), 400, "Field 'name' was sent more than once");
            assertThat(fixtures.created).isEmpty();
        });
    }

    @Test
    void anOverLongFormFieldSaysHowLongItMayBe() throws Exception {
        run((server, client) -> {
            var response = client.postForm("/api/users", "name=" + "x".repeat(64 * 1024 + 1) + "&email=a%40b.c");
            assertProblem(response, 400, "Field 'name': text too long (max 65536 characters)");
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
            assertThat(response.json().get("errors").get(0).get("message").asText()).isEqualTo("Text too long (max 65536 characters)");
        });
    }

    @Test
    void rawBytesArriveExactlyAsSent() throws Exception {
        run((server, client) -> {
            String body = "{ \"spaced\" :  true }\n";
            var response = client.send("POST", "/api/raw", body, "application/json");
            assertThat(response.json().get("text").asText()).isEqualTo(body);
            assertThat(response.json().get("length").asInt()).isEqualTo(body.length());
        });
    }

    @Test
    void formFieldsKeepRepeatedValuesAndRejectMalformedEscapes() throws Exception {
        run((server, client) -> {
            assertThat(client.postForm("/api/form", "tag=a&tag=b&x=%C3%A9").json().toString())
                    .isEqualTo("{\"tag\":[\"a\",\"b\"],\"x\":[\"é\"]}");
            assertProblem(client.postForm("/api/form", "x=%zz"), 400, "Malformed form body: invalid %-escape");
        });
    }

    @Test
    void tooManyFormFieldsAnswer413() throws Exception {
        run((server, client) -> {
            String form = "f=1&".repeat(1001);
            assertThat(client.postForm("/api/form", form).status()).isEqualTo(413);
        });
    }

    @Test
    void typedQueryGettersAnswer400ForMalformedNumbers() throws Exception {
        run((server, client) -> {
            assertThat(client.get("/api/query?page=3&tag=a&tag=b&q=caf%C3%A9").json().toString())
                    .contains("\"page\":3", "\"tags\":[\"a\",\"b\"]", "\"q\":\"café\"");
            assertThat(client.get("/api/query").json().get("page").asInt()).isEqualTo(1);
            assertProblem(client.get("/api/query?page=two"), 400, "query parameter 'page' must be a whole number");
        });
    }
}
