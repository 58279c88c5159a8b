package shop.data;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook deliveries the shop has taken in, one row per provider event. Providers deliver at least once and
 * sometimes twice at the same moment; the unique constraint on (provider, event id), not a prior look-up, makes
 * every delivery after the first a no-op.
 */
public final class WebhookInbox {
    private final Jdbi jdbi;

    public WebhookInbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records an event and applies its {@code effect} in the same transaction, so that an event is either stored
     * with its effect or not at all. Empty if the event was already taken in: then nothing is applied. A
     * concurrent delivery of the same event waits for this one to commit, then finds it.
     */
    public <T> Optional<T> receive(String provider, String eventId, Function<Handle, T> effect) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO webhook_events (provider, event_id) VALUES (:provider, :event) ON CONFLICT DO NOTHING")
                    .bind("provider", provider).bind("event", eventId).execute();
            return inserted == 0 ? Optional.empty() : Optional.of(effect.apply(h));
        });
    }

    /** Whether an event has been taken in. */
    public boolean contains(String provider, String eventId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_events WHERE provider = :provider AND event_id = :event")
                .bind("provider", provider).bind("event", eventId).mapTo(Integer.class).one()) == 1;
    }
}
