package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Arbor;
import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Instances sharing Redis share their invalidations: {@code revalidatePath} and {@code revalidateTag} on one drop
 * the cached pages and data of every other, and an instance that lost its subscription drops everything it cached
 * once it is back, since it may have missed messages. Both instances read one {@link Fixtures}, as two instances
 * read one database.
 */
class RevalidationAcrossInstancesTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);
    private final Fixtures fixtures = new Fixtures();

    /** GETs {@code path} until the instance serves it from its cache. */
    private static void cached(TestClient client, String path) {
        await(path + " is served from the cache").atMost(TEN_SECONDS).pollInterval(POLL)
                .until(() -> "HIT".equals(client.get(path).header("X-Arbor-Cache")));
    }

    /** Publishes an invalidation as another instance would, and waits until each instance has dropped {@code path}. */
    private static void probe(java.util.List<TestClient> instances, String message, String path) throws Exception {
        LocalRedis.command("PUBLISH arbor:revalidate:0 \"probe " + message + "\"");
        for (TestClient instance : instances) {
            await("'" + message + "' reaches every instance").atMost(TEN_SECONDS).pollInterval(POLL)
                    .until(() -> "MISS".equals(instance.get(path).header("X-Arbor-Cache")));
        }
    }

    /**
     * Waits until every instance's subscription is live, its first act (dropping everything cached) is behind
     * it, and no invalidation is left in flight, so that what the test caches next stays cached until the test
     * invalidates it. Instances join one at a time. With /counter and /tagged cached everywhere, a probe for
     * /counter is published and seen to act on every instance; if the joining one still has /tagged, the probe
     * acted there, so its subscription's drop came before. If /tagged went too, that drop came in between and the
     * probe may still be on its way: a probe for the tag fences it, since each connection delivers in order.
     */
    private static void awaitSubscribed(TestClient... instances) throws Exception {
        java.util.List<TestClient> live = new java.util.ArrayList<>();
        for (TestClient joining : instances) {
            live.add(joining);
            for (TestClient instance : live) {
                cached(instance, "/counter");
                cached(instance, "/tagged");
            }
            probe(live, "path /counter", "/counter");
            if (!"HIT".equals(joining.get("/tagged").header("X-Arbor-Cache"))) {
                for (TestClient instance : live) {
                    cached(instance, "/tagged");
                }
                probe(live, "tag counter", "/tagged");
            }
        }
    }

    private static void eventually(Supplier<String> actual, String expected) {
        await().atMost(TEN_SECONDS).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertThat(actual.get()).isEqualTo(expected));
    }

    @Test
    void revalidatingAPathOrATagOnOneInstanceDropsItOnTheOther() throws Exception {
        Arbor a = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL));
        Arbor b = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL));
        try {
            TestClient onA = new TestClient(a.uri());
            TestClient onB = new TestClient(b.uri());
            awaitSubscribed(onA, onB);
            assertThat(PageCacheTest.text(onB.get("/counter"))).isEqualTo("count=0");
            assertThat(PageCacheTest.text(onB.get("/tagged"))).isEqualTo("tagged=0");
            fixtures.invocations.incrementAndGet(); // a write neither cache knows of
            TestResponse stale = onB.get("/counter");
            assertThat(stale.header("X-Arbor-Cache")).isEqualTo("HIT");
            assertThat(PageCacheTest.text(stale)).as("B serves its cached page").isEqualTo("count=0");

            assertThat(onA.postJson("/api/counter/bump", "{}").status()).isEqualTo(204); // count 2, revalidatePath on A
            eventually(() -> PageCacheTest.text(onB.get("/counter")), "count=2");
            assertThat(PageCacheTest.text(onB.get("/tagged"))).as("another path stays cached").isEqualTo("tagged=0");

            assertThat(ActionForm.of(onA.get("/tagged"), 0).submit(onA, "/tagged", "").status()).isEqualTo(303); // count 3
            eventually(() -> PageCacheTest.text(onB.get("/tagged")), "tagged=3");
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void anInstanceThatLostItsSubscriptionDropsWhatItCachedOnceItIsBack() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL));
        try {
            TestClient client = new TestClient(server.uri());
            awaitSubscribed(client);
            assertThat(PageCacheTest.text(client.get("/counter"))).isEqualTo("count=0");
            fixtures.invocations.incrementAndGet();
            assertThat(PageCacheTest.text(client.get("/counter"))).isEqualTo("count=0");
            assertThat(LocalRedis.command("CLIENT KILL TYPE pubsub")).startsWith(":");
            eventually(() -> PageCacheTest.text(client.get("/counter")), "count=1");
        } finally {
            server.stop();
        }
    }
}
