package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;

/**
 * Item 23 of the checklist: once the webhook route has answered 2xx, the event is durable. The shop runs as a real
 * child process on its default embedded H2 file database; it is killed with SIGKILL the moment the 2xx arrives
 * (no shutdown hook, no flush), started again on the same files, and Stripe's redelivery of the same event must
 * find it already taken in and its effect already applied: exactly once.
 */
class WebhookKillTest {
    @Test
    void aWebhookAnswered2xxSurvivesKillDashNineAndItsRedeliveryAfterTheRestartAppliesNothing() throws Exception {
        Path data = Files.createTempDirectory("shop-kill-");
        int port = freePort();
        try {
            TestClient client = new TestClient(URI.create("http://127.0.0.1:" + port));
            Shopper owner = new Shopper(client);
            String eventId = StripeWebhookTest.eventId();
            long orderId;
            Process first = start(data, port);
            try {
                orderId = CheckoutTest.placeOrder(owner, 40, 2);
                String total = CartTest.text(owner.get("/orders/" + orderId), "order-total");
                long cents = Long.parseLong(total.replaceAll("[^0-9]", ""));
                TestResponse delivered = deliver(client, StripeWebhookTest.paymentSucceeded(eventId, orderId, cents));
                assertThat(delivered.status()).isEqualTo(200);
                assertThat(delivered.json().has("duplicate")).isFalse();
                first.destroyForcibly(); // SIGKILL, right after the 2xx
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(first.exitValue()).as("killed, not stopped").isEqualTo(137);
            } finally {
                first.destroyForcibly();
            }

            Process second = start(data, port);
            try {
                TestResponse page = owner.get("/orders/" + orderId);
                assertThat(page.status()).as("the order survived the kill").isEqualTo(200);
                assertThat(CartTest.text(page, "order-status")).as("the effect survived the kill").isEqualTo("paid");
                String body = StripeWebhookTest.paymentSucceeded(eventId, orderId, 1);
                // Stripe redelivers the same event (same id); the body's amount is irrelevant to a duplicate.
                TestResponse redelivered = deliver(client, body);
                assertThat(redelivered.status()).isEqualTo(200);
                assertThat(redelivered.json().path("duplicate").asBoolean()).as("the inbox row survived the kill").isTrue();
                second.destroy(); // SIGTERM: a clean stop, so the test can open the database files itself
                assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                second.destroyForcibly();
            }

            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("shop").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
                assertThat(count(db, "SELECT COUNT(*) FROM webhook_events WHERE provider = 'stripe' AND event_id = ?", eventId))
                        .as("one inbox row").isEqualTo(1);
                assertThat(count(db, "SELECT COUNT(*) FROM orders WHERE id = ? AND status = 'paid'", orderId)).isEqualTo(1);
            }
        } finally {
            try (Stream<Path> all = Files.walk(data)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static TestResponse deliver(TestClient client, String body) {
        return client.send("POST", "/api/webhooks/stripe", body, "application/json", "Stripe-Signature", StripeWebhookTest.signature(body));
    }

    private static long count(Connection db, String sql, Object parameter) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** {@code java -cp <test classpath> shop.ShopApp}, configured as in production, through the environment. */
    private static Process start(Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShopApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("shop.log").toFile()));
        var env = builder.environment();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        env.put("DATA_DIR", data.toString());
        env.put("STRIPE_WEBHOOK_SECRET", ShopConfig.TEST_STRIPE_WEBHOOK_SECRET);
        env.remove("DATABASE_URL");
        Process process = builder.start();
        TestClient client = new TestClient(URI.create("http://127.0.0.1:" + port));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .failFast("the shop process exited", () -> !process.isAlive())
                    .ignoreException(java.io.UncheckedIOException.class) // not listening yet
                    .until(() -> client.get("/api/health").status() == 200);
            return process;
        } catch (ConditionTimeoutException | TerminalFailureException notStarted) {
            process.destroyForcibly();
            throw new AssertionError("the shop did not start:\n" + Files.readString(data.resolve("shop.log")), notStarted);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
