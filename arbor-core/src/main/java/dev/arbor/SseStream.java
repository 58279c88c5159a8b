package dev.arbor;

/**
 * An open Server-Sent Events stream to one client. Sends may come from any thread; they are written one at
 * a time. The framework sends heartbeat comments so that idle proxies keep the connection and a vanished
 * client is noticed; once the client is gone, {@link #send} returns {@code false} and the
 * {@link #onClose(Runnable)} callbacks run (unsubscribe there, so nothing leaks).
 */
public interface SseStream {
    /** Sends an event with a name; {@code data} is sent as is if it is a String, as JSON otherwise. */
    boolean send(String event, Object data);

    /** Sends an unnamed ({@code message}) event. */
    default boolean send(Object data) {
        return send(null, data);
    }

    /** Whether the client is still connected and the stream not closed. */
    boolean isOpen();

    /** Runs {@code callback} once when the stream closes, for whatever reason. */
    void onClose(Runnable callback);

    /** Ends the stream and the response. */
    void close();

    /** What a route does with a new stream; it may keep the stream and return, or loop and return when done. */
    @FunctionalInterface
    interface Handler {
        void open(SseStream stream) throws Exception;
    }
}
