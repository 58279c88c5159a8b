package shop.data;

import dev.arbor.SseStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans shop events out to the browsers and apps listening on {@code /api/events}. A stream leaves the bus
 * when its client goes away, so nothing accumulates.
 */
public final class EventBus {
    private final Set<SseStream> listeners = ConcurrentHashMap.newKeySet();

    public void subscribe(SseStream stream) {
        listeners.add(stream);
        stream.onClose(() -> listeners.remove(stream));
    }

    /** Sends an event to every listener; returns how many received it. */
    public int publish(String event, Object data) {
        int delivered = 0;
        for (SseStream stream : listeners) {
            if (stream.send(event, data)) {
                delivered++;
            }
        }
        return delivered;
    }

    public int listeners() {
        return listeners.size();
    }
}
