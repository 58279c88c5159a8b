package dev.arbor.internal.state;

/**
 * The shared state cannot answer (Redis unreachable, slow or saturated, or the in-memory store full): a dependency
 * outage like a database's, which the dispatcher answers 503 with {@code Retry-After}, not 500.
 */
public final class StateUnavailable extends RuntimeException {
    public StateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
