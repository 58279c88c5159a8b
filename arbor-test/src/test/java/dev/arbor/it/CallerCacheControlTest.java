package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ArborTest;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/**
 * An answer that depends on who is calling (the route read the session or the identity, or its access policy
 * did) must not be kept by a shared cache and handed to someone else: {@code Cache-Control: no-store}, unless
 * the route chose its own caching; {@code private, no-cache} when the answer can be revalidated (an ETag or a
 * Last-Modified date); event streams are never stored. Exactly one {@code Cache-Control} in every case.
 */
class CallerCacheControlTest {
    private final Fixtures fixtures = new Fixtures();

    private static String signIn(dev.arbor.test.TestClient client) {
        TestResponse login = client.postJson("/api/session/login", "{\"user\":\"ada\",\"roles\":[\"customer\"]}");
        assertThat(login.status()).isEqualTo(200);
        return login.cookie("arbor_session");
    }

    @Test
    void anAnswerThatReadTheSessionOrTheIdentityIsNotStored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String session = signIn(client);
            TestResponse me = client.get("/api/session/me", "Cookie", session);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.headers().allValues("Cache-Control")).containsExactly("no-store");
            TestResponse peek = client.get("/api/session/peek");
            assertThat(peek.status()).isEqualTo(200);
            assertThat(peek.headers().allValues("Cache-Control")).containsExactly("no-store");
            TestResponse refused = client.get("/api/session/me");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers().allValues("Cache-Control")).containsExactly("no-store");
        });
    }

    @Test
    void anAnswerToABearerCallerIsNotStored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse me = client.postJson("/api/bearer/me", "{}", "Authorization", "Bearer token-of-ada");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.headers().allValues("Cache-Control")).containsExactly("no-store");
        });
    }

    @Test
    void aRouteThatChoseItsOwnCachingKeepsItAndOneThatReadsNoCallerGetsNone() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse greeting = client.get("/api/caller/greeting", "Authorization", "Bearer token-of-ada");
            assertThat(greeting.json().get("hello").asText()).isEqualTo("ada");
            assertThat(greeting.headers().allValues("Cache-Control")).containsExactly("private, max-age=60");
            TestResponse item = client.get("/items/1");
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.headers().allValues("Cache-Control")).isEmpty();
        });
    }

    @Test
    void anEventStreamIsNeverStoredWhatTheRouteAsks() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String path : new String[] {"/api/caller/events", "/api/caller/events?cache=1"}) {
                TestResponse events = client.get(path, "Authorization", "Bearer token-of-ada");
                assertThat(events.body()).as(path).contains("\"user\":\"ada\"");
                assertThat(events.headers().allValues("Cache-Control")).as(path).containsExactly("no-store");
            }
        });
    }

    @Test
    void anAnswerForTheCallerWithAnEtagOrADateIsRevalidatedNotStored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse profile = client.get("/api/caller/profile", "Authorization", "Bearer token-of-ada");
            assertThat(profile.json().get("user").asText()).isEqualTo("ada");
            assertThat(profile.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
            String etag = profile.header("ETag");
            assertThat(etag).isNotNull();
            TestResponse unchanged = client.get("/api/caller/profile", "Authorization", "Bearer token-of-ada", "If-None-Match", etag);
            assertThat(unchanged.status()).isEqualTo(304);
            assertThat(unchanged.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
            TestResponse other = client.get("/api/caller/profile", "Authorization", "Bearer token-of-root", "If-None-Match", etag);
            assertThat(other.status()).as("another caller's answer has another tag").isEqualTo(200);
            TestResponse dated = client.get("/api/caller/profile?dated=1", "Authorization", "Bearer token-of-ada");
            assertThat(dated.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
        });
    }

    @Test
    void aPageCarriesOneNoStore() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String path : new String[] {"/plain", "/counter"}) {
                assertThat(client.get(path).headers().allValues("Cache-Control")).as(path).containsExactly("no-store");
            }
        });
    }
}
