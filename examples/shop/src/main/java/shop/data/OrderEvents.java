package shop.data;

import dev.arbor.SseStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes an order's status changes to the pages watching that order ({@code /api/orders/{id}/events}). Unlike the
 * shop-wide {@link EventBus}, an event reaches only the streams of its own order, whose owner was checked when the
 * stream opened. A stream leaves when its client goes away, and an order without streams leaves the map.
 */
public final class OrderEvents {
    private final ConcurrentHashMap<Long, Set<SseStream>> byOrder = new ConcurrentHashMap<>();

    public void subscribe(long orderId, SseStream stream) {
        // Adding and removing both happen inside the map's per-key lock, so a stream never lands in a set just dropped.
        byOrder.compute(orderId, (id, streams) -> {
            Set<SseStream> all = streams != null ? streams : ConcurrentHashMap.newKeySet();
            all.add(stream);
            return all;
        });
        stream.onClose(() -> byOrder.computeIfPresent(orderId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        }));
    }

    /** Sends the order's new status to its watchers as a {@code status} event; returns how many received it. */
    public int publishStatus(long orderId, String status) {
        int delivered = 0;
        for (SseStream stream : byOrder.getOrDefault(orderId, Set.of())) {
            if (stream.send("status", Map.of("status", status))) {
                delivered++;
            }
        }
        return delivered;
    }

    /** How many streams watch an order. */
    public int listeners(long orderId) {
        return byOrder.getOrDefault(orderId, Set.of()).size();
    }
}
