package shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("db")
class EventsApiTest extends ShopTestSupport {
    private static List<String> nextEvent(BufferedReader reader) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty() && !lines.isEmpty()) {
                return lines;
            }
            if (!line.isEmpty() && !line.startsWith(":")) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aNewUserAndANewPostArriveAsEvents() throws Exception {
        String admin = Members.bearer(shop, Members.admin(shop));
        var request = HttpRequest.newBuilder(client.base().resolve("/api/events")).build();
        HttpResponse<InputStream> stream = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(nextEvent(reader)).containsExactly("event: ready", "data: {\"listeners\":1}");
            client.postJson("/api/users", "{\"name\":\"Live\",\"email\":\"live@example.com\"}", "Authorization", admin);
            List<String> created = nextEvent(reader);
            assertThat(created.getFirst()).isEqualTo("event: user.created");
            assertThat(created.get(1)).contains("\"name\":\"Live\"").as("anyone may listen: no e-mail address").doesNotContain("email");
            client.postJson("/api/posts", "{\"title\":\"Live post\",\"content\":\"x\"}");
            assertThat(nextEvent(reader).getFirst()).isEqualTo("event: post.created");
        }
    }
}
