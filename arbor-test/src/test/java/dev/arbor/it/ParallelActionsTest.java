package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ParallelActionsTest {
    @Test
    void twoActionsFromOnePageRunAtTheSameTime() throws Exception {
        ArborTest.run(TestApp.builder(new Fixtures()), (server, client) -> {
            TestResponse page = client.get("/meet");
            String cookie = page.headers().allValues("Set-Cookie").getFirst().split(";")[0];
            String form = "_action=" + field(page.body(), "_action") + "&_csrf=" + URLEncoder.encode(field(page.body(), "_csrf"), StandardCharsets.UTF_8);
            // Each call waits at a two-party barrier inside the action: if the framework ran them one after the
            // other, each would time out alone and answer 422 "alone".
            var first = CompletableFuture.supplyAsync(() -> client.postForm("/meet", form, "Cookie", cookie, "Arbor-Enhanced", "1"));
            var second = CompletableFuture.supplyAsync(() -> client.postForm("/meet", form, "Cookie", cookie, "Arbor-Enhanced", "1"));
            assertThat(first.join().status()).isEqualTo(200);
            assertThat(second.join().status()).isEqualTo(200);
            assertThat(first.join().body()).contains("met");
        });
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
