package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSRF anchor was renamed from {@code arbor_sid} to {@code arbor_csrf}: a browser still holding the old one is told to drop it. */
class OldAnchorCookieTest {
    private final Fixtures fixtures = new Fixtures();

    private static List<String> setCookies(TestResponse response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    @Test
    void aRequestCarryingTheOldAnchorGetsItDeletedOnceAndNothingElseChanges() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse plain = client.get("/items/1", "Cookie", "arbor_sid=old; other=1");
            assertThat(plain.status()).isEqualTo(200);
            assertThat(setCookies(plain, "arbor_sid")).singleElement().satisfies(c -> assertThat(c).contains("Max-Age=0", "Path=/"));
            assertThat(plain.headers().allValues("Set-Cookie")).as("nothing but the deletion").hasSize(1);

            TestResponse host = client.get("/items/1", "Cookie", "__Host-arbor_sid=old");
            assertThat(setCookies(host, "__Host-arbor_sid")).singleElement()
                    .satisfies(c -> assertThat(c).contains("Max-Age=0", "Path=/", "Secure").doesNotContain("Domain"));

            TestResponse both = client.get("/items/1", "Cookie", "arbor_sid=a; __Host-arbor_sid=b; arbor_sid=c");
            assertThat(setCookies(both, "arbor_sid")).hasSize(1);
            assertThat(setCookies(both, "__Host-arbor_sid")).hasSize(1);

            TestResponse none = client.get("/items/1", "Cookie", "other=1");
            assertThat(none.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(none.body()).isEqualTo(plain.body());
        });
    }
}
