package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop on the local PostgreSQL server through a {@link TcpProxy}, which each test cuts mid-run: routes answer
 * 503 problem+json within the pool's 2 s wait, forms come back with a "try again" message and their values, a
 * webhook is refused with a 5xx, nothing is written, and once the proxy relays again the same requests succeed
 * without a restart. Always on PostgreSQL (an embedded H2 database cannot go away), so not tagged {@code db}.
 */
class DatabaseOutageTest {
    private static final String TRY_AGAIN = "The service is temporarily unavailable; please try again";
    static TcpProxy proxy;
    static TestShop shop;
    static TestClient client;

    @BeforeAll
    static void startShopBehindAProxy() throws Exception {
        URI postgres = TestShop.postgresAddress();
        proxy = new TcpProxy(postgres.getHost(), postgres.getPort());
        shop = TestShop.onPostgresThrough(proxy.port());
        client = shop.client();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            shop.close();
        } finally {
            proxy.close();
        }
    }

    @AfterEach
    void databaseBack() {
        proxy.restore();
    }

    /** Waits for the pool to reconnect by itself, as a load balancer's health check would see it. */
    static void awaitRecovery() {
        await("the shop reconnects to the database by itself").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get("/api/health").status() == 200);
    }

    static void assertServiceUnavailableProblem(TestResponse answer) {
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(answer.json().get("type").asText()).isEqualTo("/problems/service-unavailable");
        assertThat(answer.json().get("detail").asText()).isEqualTo(TRY_AGAIN);
        assertThat(answer.body()).doesNotContain("SQL", "postgres", "Connection", "Exception");
    }

    @Test
    void apiRoutesAnswer503ProblemWithinSecondsWriteNothingAndWorkAgainWhenTheDatabaseReturns() throws Exception {
        assertThat(client.get("/api/posts").status()).isEqualTo(200);
        long posts = shop.count("posts");

        proxy.cut();
        long start = System.nanoTime();
        TestResponse read = client.get("/api/posts");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertServiceUnavailableProblem(read);
        assertThat(took).as("bounded by the pool's 2 s wait, not Hikari's default 30 s").isLessThan(Duration.ofMillis(4_500));
        TestResponse write = client.postJson("/api/posts", "{\"title\":\"During the outage\",\"content\":\"Lost?\"}");
        assertServiceUnavailableProblem(write);

        // No thread hangs: twenty requests at once are all answered within the same bound.
        start = System.nanoTime();
        List<Future<TestResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> client.get("/api/posts")));
            }
        }
        for (Future<TestResponse> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(503);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(6_000));
        assertThat(shop.count("posts")).as("nothing written during the outage").isEqualTo(posts);

        proxy.restore();
        awaitRecovery();
        assertThat(client.get("/api/posts").status()).isEqualTo(200);
        TestResponse again = client.postJson("/api/posts", "{\"title\":\"During the outage\",\"content\":\"Lost?\"}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(shop.count("posts")).isEqualTo(posts + 1);
    }

    @Test
    void aFormPostedWhileTheDatabaseIsAwayComesBackWithTheMessageAndItsValuesAndIsSavedWhenSentAgain() throws Exception {
        Shopper writer = new Shopper(client);
        ActionForm form = writer.form("/posts/new", 0);
        long posts = shop.count("posts");

        proxy.cut();
        TestResponse again = writer.submit("/posts/new", form, "title=Outage+notes&content=Written+while+the+database+was+away");
        assertThat(again.status()).isEqualTo(503);
        assertThat(again.header("Content-Type")).startsWith("text/html");
        assertThat(CartTest.text(again, "form-error")).isEqualTo(TRY_AGAIN);
        assertThat(again.body())
                .contains("name=\"title\" value=\"Outage notes\"")
                .contains(">Written while the database was away</textarea>")
                .doesNotContain("SQLTransient", "Connection is not available");
        assertThat(shop.count("posts")).as("nothing written during the outage").isEqualTo(posts);

        proxy.restore();
        awaitRecovery();
        // The user presses the button again on the page they were shown.
        TestResponse saved = writer.submit("/posts/new", ActionForm.of(again, 0),
                "title=Outage+notes&content=Written+while+the+database+was+away");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).startsWith("/posts/");
        assertThat(shop.count("posts")).isEqualTo(posts + 1);
    }

    @Test
    void aWebhookDeliveredWhileTheDatabaseIsAwayIs5xxAndStripesRetryIsAppliedOnce() throws Exception {
        long orderId = CheckoutTest.placeOrder(new Shopper(client), 32, 1);
        long total = shop.shop().database().jdbi().withHandle(h -> h.createQuery("SELECT total_cents FROM orders WHERE id = :id")
                .bind("id", orderId).mapTo(Long.class).one());
        String body = StripeWebhookTest.paymentSucceeded(StripeWebhookTest.eventId(), orderId, total);

        proxy.cut();
        TestResponse refused = client.send("POST", "/api/webhooks/stripe", body, "application/json",
                "Stripe-Signature", StripeWebhookTest.signature(body));
        assertServiceUnavailableProblem(refused);
        assertThat(shop.count("webhook_events")).isZero();

        proxy.restore();
        awaitRecovery();
        TestResponse retried = client.send("POST", "/api/webhooks/stripe", body, "application/json",
                "Stripe-Signature", StripeWebhookTest.signature(body));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(shop.count("webhook_events")).isEqualTo(1);
        assertThat(new shop.data.Orders(shop.shop().database().jdbi()).find(orderId).orElseThrow().status()).isEqualTo("paid");
    }
}
