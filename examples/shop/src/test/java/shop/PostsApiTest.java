package shop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("db")
class PostsApiTest extends ShopTestSupport {
    private static long create(String title) {
        var response = client.postJson("/api/posts", "{\"title\":\"" + title + "\",\"content\":\"Hello, world.\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    @Test
    void anUnknownPostAnswers404WithTheErrorBody() {
        var response = client.get("/api/posts/999999");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"Post not found\"}");
    }

    @Test
    void aCreatedPostCanBeReadThenDeletedOnceByItsAuthor() {
        String author = Members.bearer(shop, Members.customer(shop));
        var created = client.postJson("/api/posts", "{\"title\":\"First post\",\"content\":\"Hello, world.\"}", "Authorization", author);
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var read = client.get("/api/posts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("title").asText()).isEqualTo("First post");
        assertThat(read.json().get("content").asText()).isEqualTo("Hello, world.");

        var deleted = client.delete("/api/posts/" + id, "Authorization", author);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"success\":true}");
        assertThat(client.get("/api/posts/" + id).status()).isEqualTo(404);

        var again = client.delete("/api/posts/" + id, "Authorization", author);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).isEqualTo("{\"error\":\"Post not found\"}");
    }

    @Test
    void aPostWithoutTitleOrContentAnswers422() {
        var response = client.postJson("/api/posts", "{\"title\":\"\",\"content\":\"\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsText("field")).containsExactly("content", "title");
    }

    @Test
    void aNonNumericIdAnswers400() {
        var response = client.get("/api/posts/abc");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("path parameter 'id' must be a whole number");
    }

    private static int rows(String title) {
        return shop.shop().database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM posts WHERE title = :title")
                .bind("title", title).mapTo(Integer.class).one());
    }

    @Test
    void theSamePostSentTwiceWithOneIdempotencyKeyMakesOneRowAndTheSameAnswer() {
        String key = java.util.UUID.randomUUID().toString();
        String body = "{\"title\":\"Exactly once\",\"content\":\"Sent twice.\"}";
        var first = client.postJson("/api/posts", body, "Idempotency-Key", key);
        var again = client.postJson("/api/posts", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(rows("Exactly once")).isEqualTo(1);

        var reused = client.postJson("/api/posts", "{\"title\":\"Exactly once\",\"content\":\"Changed.\"}", "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(rows("Exactly once")).isEqualTo(1);

        assertThat(client.postJson("/api/posts", body).status()).as("without the key, a second post is a second post").isEqualTo(201);
        assertThat(rows("Exactly once")).isEqualTo(2);
    }

    @Test
    void theListShowsNewestFirst() {
        long older = create("Older");
        long newer = create("Newer");
        var ids = client.get("/api/posts").json().findValuesAsText("id");
        assertThat(ids.indexOf(Long.toString(newer))).isLessThan(ids.indexOf(Long.toString(older)));
    }
}
