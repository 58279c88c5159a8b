package dev.arbor.internal.state;

import java.time.Duration;

/**
 * Small values with a time to live, shared by every instance of an app: revoked session ids,
 * idempotency records and rate-limit counters; and messages to every instance (cache revalidation). In memory by default
 * ({@link MemoryState}); in Redis when the app runs on more than one instance ({@link RedisState}). Keys are the
 * framework's own (prefixed, hashed where they come from clients).
 *
 * <p>Every method may block on the network; callers run on virtual threads. A store that cannot answer throws
 * (an unchecked exception), so that a revocation is never silently skipped: the request then fails closed.
 */
public interface SharedState extends AutoCloseable {
    /** Stores {@code value} under {@code key} for {@code ttl} unless the key holds a value; true if it stored. */
    boolean putIfAbsent(String key, byte[] value, Duration ttl);

    /** Stores {@code value} under {@code key} for {@code ttl}, replacing any value. */
    void put(String key, byte[] value, Duration ttl);

    /** The value under {@code key}, or {@code null} if there is none or it expired. */
    byte[] get(String key);

    void delete(String key);

    /**
     * Adds {@code delta} to the counter under {@code key} in one atomic step and answers its new value and the
     * time it has left. A counter is created at 0 by a positive {@code delta}, and expires {@code ttl} after that
     * first count whatever is added later (a fixed window); a {@code delta} of 0 or less never creates one, so
     * {@code count(key, 0, ttl)} reads without writing, and never takes a counter below 0.
     *
     * <p>Counters are grouped by their key up to its last {@code ':'} (a rate limit's name). In memory each group
     * holds a bounded number of counters; when one is full, counting a new key drops the lowest counters, so a
     * flood of keys under one name forgets counts at 1 or 2 and leaves other names alone.
     */
    Count count(String key, long delta, Duration ttl);

    /**
     * Takes one from the counter under {@code key} if it is above 0 and still counts the window {@code window}
     * (a {@link Count#window()} this store answered): a slot given back after its window ended, or after the key
     * was deleted, must not be taken from the next window's count. Redis knows a window by its end to the
     * millisecond, so a counter deleted and counted again within one millisecond is, there, the same window.
     */
    void giveBack(String key, long window);

    /**
     * A counter's value, the time until it expires ({@link Duration#ZERO} for a counter that does not exist), and
     * which window it counts: a number that changes whenever the counter is created anew (0 for none).
     */
    record Count(long value, Duration expiresIn, long window) {}

    /**
     * Sends {@code message} to every instance listening on {@code channel}, this one included; in memory there
     * is no other instance, so nothing is sent. May block on the network and throw like the other methods.
     */
    default void publish(String channel, String message) {}

    /**
     * Whether {@link #publish} reaches anyone: false in memory, so that a caller need not even build the message.
     * True unless a store knows otherwise, so that a new store never silently stops revalidating other instances.
     */
    default boolean publishes() {
        return true;
    }

    /**
     * Calls {@code onMessage} (on a thread of its own) for each message published on {@code channel} from now
     * until {@link #close()}, and {@code onGap} whenever messages may have been missed: when the connection is
     * lost and again once it is back. In memory nothing is ever published, so neither is called.
     */
    default void subscribe(String channel, java.util.function.Consumer<String> onMessage, Runnable onGap) {}

    /** Where the state lives, for the start-up log: {@code memory} or the Redis address without its password. */
    String describe();

    @Override
    void close();

    /** The store for a configured address: Redis for {@code redis://} and {@code rediss://}, else memory. */
    static SharedState of(String redisUri, java.time.Clock clock) {
        return redisUri == null ? new MemoryState(clock) : RedisState.connect(redisUri);
    }
}
