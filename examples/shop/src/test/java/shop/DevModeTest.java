package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode and restarts: template edits show without a rebuild; forms rendered before a restart still submit. */
class DevModeTest {
    @TempDir
    Path temp;

    @Test
    void anEditedTemplateShowsOnTheNextRequestInDevMode() throws Exception {
        Path templates = temp.resolve("jte");
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = templates.resolve(Path.of("src/main/jte").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        ShopConfig config = ShopConfig.of("127.0.0.1", 0, null, null, null, temp.resolve("data")).withTemplateDirectory(templates);
        try (Shop shop = Shop.start(config)) {
            TestClient client = new TestClient(shop.server().uri());
            assertThat(client.get("/posts").body()).contains("<h1>Posts</h1>");
            Path index = templates.resolve("posts/index.jte");
            Files.writeString(index, Files.readString(index).replace("<h1>Posts</h1>", "<h1>All the posts</h1>"));
            assertThat(client.get("/posts").body()).contains("<h1>All the posts</h1>");
        }
    }

    @Test
    void aFormRenderedBeforeARestartStillSubmitsAfterIt() throws Exception {
        Path data = temp.resolve("data");
        ActionForm form;
        try (Shop shop = Shop.start(ShopConfig.of("127.0.0.1", 0, null, null, null, data))) {
            form = ActionForm.of(new TestClient(shop.server().uri()).get("/todos"), 0);
        }
        try (Shop restarted = Shop.start(ShopConfig.of("127.0.0.1", 0, null, null, null, data))) {
            var response = form.submit(new TestClient(restarted.server().uri()), "/todos", "title=After+restart");
            assertThat(response.status()).isEqualTo(303);
            assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("arbor_flash="));
            assertThat(new shop.data.Todos(restarted.database().jdbi()).list()).anyMatch(t -> t.title().equals("After restart"));
        }
    }
}
