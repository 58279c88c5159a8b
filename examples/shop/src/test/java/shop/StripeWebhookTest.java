package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.security.Webhooks;
import dev.arbor.test.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Orders;
import shop.data.WebhookInbox;

/**
 * Stripe's webhook as Stripe and as an attacker would call it: signed over the raw body, deduplicated by event id,
 * acknowledged only after the event is stored; the order's page hears of the payment over its event stream.
 */
@Tag("db")
class StripeWebhookTest extends ShopTestSupport {
    static final String SECRET = ShopConfig.TEST_STRIPE_WEBHOOK_SECRET;

    static Orders orders() {
        return new Orders(shop.shop().database().jdbi());
    }

    static String status(long orderId) {
        return orders().find(orderId).orElseThrow().status();
    }

    static boolean received(String eventId) {
        return new WebhookInbox(shop.shop().database().jdbi()).contains("stripe", eventId);
    }

    static String eventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A {@code payment_intent.succeeded} event for an order, shaped as Stripe sends it (compact JSON). */
    static String paymentSucceeded(String eventId, long orderId, long amountCents) {
        return event(eventId, "payment_intent.succeeded", """
                {"id":"pi_3Mtw","object":"payment_intent","amount":%d,"amount_received":%d,"currency":"usd","metadata":{"order_id":"%d"}}"""
                .formatted(amountCents, amountCents, orderId));
    }

    static String event(String eventId, String type, String object) {
        return """
                {"id":"%s","object":"event","api_version":"2024-06-20","created":%d,"type":"%s","data":{"object":%s}}"""
                .formatted(eventId, Instant.now().getEpochSecond(), type, object);
    }

    static String signature(String body) {
        return Webhooks.stripeSignature(SECRET, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
    }

    static TestResponse deliver(String body) {
        return deliver(body, signature(body));
    }

    static TestResponse deliver(String body, String signature) {
        return signature == null
                ? client.send("POST", "/api/webhooks/stripe", body, "application/json")
                : client.send("POST", "/api/webhooks/stripe", body, "application/json", "Stripe-Signature", signature);
    }

    /** A pending order of a new shopper; the shopper is its owner. */
    record Placed(Shopper owner, long id, long totalCents) {
        static Placed order(long productId) {
            Shopper owner = new Shopper(client);
            long id = CheckoutTest.placeOrder(owner, productId, 1);
            return new Placed(owner, id, orders().find(id).orElseThrow().totalCents());
        }
    }

    @Test
    void aSignedPaymentMarksTheOrderPaidAndItsStreamSaysSoAtOnce() throws Exception {
        Placed order = Placed.order(24);
        var stream = order.owner().stream("/api/orders/" + order.id() + "/events");
        assertThat(stream.statusCode()).isEqualTo(200);
        try (var reader = Shopper.reader(stream)) {
            assertThat(Shopper.nextEvent(reader)).containsExactly("event: status", "data: {\"status\":\"pending\"}");
            String event = eventId();
            TestResponse answer = deliver(paymentSucceeded(event, order.id(), order.totalCents()));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("received").asBoolean()).isTrue();
            assertThat(status(order.id())).isEqualTo("paid");
            assertThat(received(event)).isTrue();
            assertThat(Shopper.nextEvent(reader)).containsExactly("event: status", "data: {\"status\":\"paid\"}");
        }
        assertThat(CartTest.text(order.owner().get("/orders/" + order.id()), "order-status")).isEqualTo("paid");
    }

    @Test
    void aBadOrMissingSignatureOrAStaleTimestampIs400AndChangesNothing() {
        Placed order = Placed.order(25);
        String event = eventId();
        String body = paymentSucceeded(event, order.id(), order.totalCents());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String tampered = body.replace("\"order_id\":\"" + order.id() + "\"", "\"order_id\":\"" + (order.id() + 1) + "\"");
        String reserialised = body.replace(",\"type\"", ", \"type\"");
        String valid = Webhooks.stripeSignature(SECRET, now, bytes);
        var cases = new java.util.LinkedHashMap<String, TestResponse>();
        cases.put("wrong secret", deliver(body, Webhooks.stripeSignature("whsec_someone_else", now, bytes)));
        cases.put("one byte changed", deliver(tampered, valid));
        cases.put("whitespace changed", deliver(reserialised, valid));
        // Well past the 300 s tolerance: the server reads its clock a moment after this test did (the exact
        // boundary is WebhooksTest's, against a fixed clock).
        cases.put("6 min old", deliver(body, Webhooks.stripeSignature(SECRET, now - 360, bytes)));
        cases.put("6 min ahead", deliver(body, Webhooks.stripeSignature(SECRET, now + 360, bytes)));
        cases.put("v0 only", deliver(body, valid.replace("v1=", "v0=")));
        cases.put("garbage", deliver(body, "not a signature"));
        cases.put("no header", deliver(body, null));
        cases.forEach((name, answer) -> {
            assertThat(answer.status()).as(name).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(name).isEqualTo("application/problem+json");
        });
        assertThat(status(order.id())).isEqualTo("pending");
        assertThat(received(event)).isFalse();

        assertThat(deliver(body, valid).status()).as("the genuine delivery still works").isEqualTo(200);
        assertThat(status(order.id())).isEqualTo("paid");
    }

    @Test
    void aRedeliveryIsAnswered200AndAppliedOnce() {
        Placed order = Placed.order(26);
        String body = paymentSucceeded(eventId(), order.id(), order.totalCents());
        TestResponse first = deliver(body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().has("duplicate")).isFalse();
        assertThat(status(order.id())).isEqualTo("paid");

        // Were the effect applied again, this would turn back to paid.
        shop.shop().database().jdbi().useHandle(h -> h.execute("UPDATE orders SET status = 'pending' WHERE id = ?", order.id()));
        TestResponse again = deliver(body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(status(order.id())).isEqualTo("pending");
    }

    @Test
    void twentyConcurrentIdenticalDeliveriesAllGet2xxAndChangeTheOrderOnce() throws Exception {
        Placed order = Placed.order(27);
        String event = eventId();
        String body = paymentSucceeded(event, order.id(), order.totalCents());
        String signature = signature(body);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TestResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit((Callable<TestResponse>) () -> {
                    start.await();
                    return deliver(body, signature);
                }));
            }
            start.countDown();
        }
        int applied = 0;
        for (Future<TestResponse> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
            applied += answer.get().json().has("duplicate") ? 0 : 1;
        }
        assertThat(applied).as("deliveries that took the event in").isEqualTo(1);
        assertThat(status(order.id())).isEqualTo("paid");
        int rows = shop.shop().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM webhook_events WHERE provider = 'stripe' AND event_id = :id").bind("id", event).mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void anUnknownEventTypeIsAcknowledgedAndIgnored() {
        Placed order = Placed.order(29);
        String event = eventId();
        TestResponse answer = deliver(event(event, "customer.created",
                "{\"id\":\"cus_1\",\"object\":\"customer\",\"metadata\":{\"order_id\":\"" + order.id() + "\"}}"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(status(order.id())).isEqualTo("pending");
        assertThat(received(event)).isTrue();
    }

    @Test
    void aPaymentOfAnotherAmountForAnUnknownOrderOrNotYetSettledChangesNothing() {
        Placed order = Placed.order(30);
        assertThat(deliver(paymentSucceeded(eventId(), order.id(), order.totalCents() - 1)).status()).isEqualTo(200);
        assertThat(deliver(paymentSucceeded(eventId(), 999_999, 100)).status()).isEqualTo(200);
        String unpaidSession = "{\"id\":\"cs_1\",\"object\":\"checkout.session\",\"amount_total\":%d,\"payment_status\":\"unpaid\",\"metadata\":{\"order_id\":\"%d\"}}";
        assertThat(deliver(event(eventId(), "checkout.session.completed", unpaidSession.formatted(order.totalCents(), order.id()))).status())
                .isEqualTo(200);
        assertThat(status(order.id())).isEqualTo("pending");

        String paidSession = unpaidSession.replace("\"unpaid\"", "\"paid\"");
        assertThat(deliver(event(eventId(), "checkout.session.completed", paidSession.formatted(order.totalCents(), order.id()))).status())
                .isEqualTo(200);
        assertThat(status(order.id())).isEqualTo("paid");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIs400AndStoresNothing() {
        for (String body : List.of("not json", "[]", "{\"type\":\"payment_intent.succeeded\"}", "{\"id\":\"evt_no_type\"}")) {
            TestResponse answer = deliver(body);
            assertThat(answer.status()).as(body).isEqualTo(400);
        }
        assertThat(received("evt_no_type")).isFalse();
    }

    @Test
    void whenTheInboxCannotBeWrittenTheAnswerIs5xxAndTheRetryIsApplied() {
        Placed order = Placed.order(31);
        String body = paymentSucceeded(eventId(), order.id(), order.totalCents());
        var jdbi = shop.shop().database().jdbi();
        jdbi.useHandle(h -> h.execute("ALTER TABLE webhook_events RENAME TO webhook_events_away"));
        TestResponse failed;
        try {
            failed = deliver(body);
        } finally {
            jdbi.useHandle(h -> h.execute("ALTER TABLE webhook_events_away RENAME TO webhook_events"));
        }
        assertThat(failed.status()).isEqualTo(500);
        assertThat(status(order.id())).isEqualTo("pending");
        assertThat(deliver(body).status()).as("Stripe's retry").isEqualTo(200);
        assertThat(status(order.id())).isEqualTo("paid");
    }
}
