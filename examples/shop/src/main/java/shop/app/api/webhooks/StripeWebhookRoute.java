package shop.app.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.HttpError;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.Webhook;
import dev.arbor.security.Webhooks;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.StripeSettings;
import shop.data.OrderEvents;
import shop.data.Orders;
import shop.data.WebhookInbox;

/**
 * {@code POST /api/webhooks/stripe}: Stripe's payment events. In this order, and nothing before the first step passes:
 * the signature is checked over the raw body (400 when it is missing, wrong, or more than 5 minutes off); the
 * event id goes into the inbox in the same transaction as the event's effect, so a redelivery answers 200 and
 * applies nothing; the answer is 2xx only once that transaction has committed. {@code payment_intent.succeeded}
 * and {@code checkout.session.completed} carrying {@code metadata.order_id} mark that order paid and tell its
 * page; other events are acknowledged and ignored.
 */
@Route("/api/webhooks/stripe")
@Webhook
public final class StripeWebhookRoute {
    static final String PROVIDER = "stripe";
    private static final Set<String> PAYMENTS = Set.of("payment_intent.succeeded", "checkout.session.completed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookRoute.class);

    private final StripeSettings stripe;
    private final WebhookInbox inbox;
    private final Orders orders;
    private final OrderEvents events;

    public StripeWebhookRoute(StripeSettings stripe, WebhookInbox inbox, Orders orders, OrderEvents events) {
        this.stripe = stripe;
        this.inbox = inbox;
        this.orders = orders;
        this.events = events;
    }

    /**
     * What the shop reads of a Stripe event.
     *
     * @param orderId {@code data.object.metadata.order_id}, set when the shop created the payment, or null
     * @param amountCents what was paid ({@code amount_received} or {@code amount_total}), or null if not said
     */
    record Event(String id, String type, Long orderId, Long amountCents, boolean settled) {
        static Event parse(byte[] body) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw HttpError.badRequest("The event is not JSON");
            }
            if (root == null || !root.path("id").isTextual() || root.path("id").asText().isEmpty()
                    || root.path("id").asText().length() > 255 || !root.path("type").isTextual()) {
                throw HttpError.badRequest("The event has no id or type");
            }
            JsonNode object = root.path("data").path("object");
            JsonNode amount = object.has("amount_received") ? object.get("amount_received") : object.get("amount_total");
            // A Checkout Session paid by a delayed method completes before it is paid.
            boolean settled = !object.has("payment_status") || "paid".equals(object.get("payment_status").asText());
            return new Event(root.get("id").asText(), root.get("type").asText(), orderId(object.path("metadata").path("order_id")),
                    amount != null && amount.canConvertToLong() && amount.isIntegralNumber() ? amount.asLong() : null, settled);
        }

        private static Long orderId(JsonNode value) {
            String text = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.asText() : "";
            return text.matches("[0-9]{1,18}") ? Long.valueOf(text) : null;
        }

        boolean paysOrder() {
            return PAYMENTS.contains(type) && orderId != null && settled;
        }
    }

    public Response post(Request request) {
        String secret = stripe.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new HttpError(503, "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET)");
        }
        byte[] body = request.bodyBytes();
        Webhooks.stripe(body, request.header("Stripe-Signature"), secret);
        Event event = Event.parse(body);
        Optional<Boolean> paid = inbox.receive(PROVIDER, event.id(),
                handle -> event.paysOrder() && orders.markPaid(handle, event.orderId(), event.amountCents()));
        if (paid.isEmpty()) {
            return Response.json(Map.of("received", true, "duplicate", true));
        }
        if (paid.get()) {
            request.revalidatePath("/orders/" + event.orderId());
            events.publishStatus(event.orderId(), "paid");
        } else if (event.paysOrder()) {
            LOG.warn("Stripe event {} ({}) changed nothing: order {} is unknown, already paid, or its total is not {}",
                    event.id(), event.type(), event.orderId(), event.amountCents());
        }
        return Response.json(Map.of("received", true));
    }
}
