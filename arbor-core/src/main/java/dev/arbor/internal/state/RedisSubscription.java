package dev.arbor.internal.state;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One channel of {@link RedisState} on a connection of its own in {@code SUBSCRIBE} mode. Lettuce reconnects it and
 * subscribes again; this class tells the listener of the gap on both sides: when the connection is lost, and when
 * the subscription is confirmed again (whatever was published in between was missed).
 *
 * <p>Lettuce calls in on its Netty event loop, which must never wait on Arbor's code: messages and gaps are queued,
 * in the order they came, to one virtual thread that runs the listener. The queue is bounded; a message that finds
 * it full is dropped and counted as a gap instead.
 */
final class RedisSubscription extends RedisPubSubAdapter<String, String> implements RedisConnectionStateListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisSubscription.class);
    private static final int QUEUE = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisAddress address;
    private final String channel;
    private final String name = "arbor-subscriber-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private final Consumer<String> onMessage;
    private final Runnable onGap;
    private final LinkedBlockingQueue<Runnable> deliveries = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final Thread listener;
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closed;

    private RedisSubscription(RedisClient client, RedisAddress address, String channel, Consumer<String> onMessage, Runnable onGap) {
        this.client = client;
        this.address = address;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onGap = onGap;
        this.listener = Thread.ofVirtual().name("arbor-redis-subscriber").unstarted(this::run);
    }

    /** Starts subscribing in the background; the listener hears of the first gap once the subscription is in place. */
    static RedisSubscription open(RedisClient client, RedisAddress address, String channel, Consumer<String> onMessage, Runnable onGap) {
        RedisSubscription subscription = new RedisSubscription(client, address, channel, onMessage, onGap);
        subscription.listener.start();
        return subscription;
    }

    String name() {
        return name;
    }

    /**
     * Subscribes until it succeeds (Redis may be down, or refuse the channel, as NOPERM for an ACL user without
     * channel access: a configuration error, said as it is), then Lettuce keeps the subscription; then runs the
     * listener for everything queued, until closed.
     */
    private void run() {
        long backoff = 100;
        boolean warned = false;
        while (!closed && connection == null) {
            StatefulRedisPubSubConnection<String, String> opened = null;
            try {
                opened = client.connectPubSub(StringCodec.UTF8, address.toRedisUri(TIMEOUT, name));
                opened.addListener((RedisPubSubAdapter<String, String>) this);
                opened.addListener((RedisConnectionStateListener) this);
                opened.async().subscribe(channel).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                connection = opened;
                if (closed) {
                    opened.close();
                }
            } catch (Exception e) {
                if (opened != null) {
                    opened.close();
                }
                if (e instanceof InterruptedException || closed) {
                    return;
                }
                if (!warned) {
                    LOG.warn("cannot subscribe to {} on Redis at {}; retrying: {}", channel, address, e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        while (!closed) {
            try {
                Runnable next = deliveries.take();
                if (overflowed.getAndSet(false)) {
                    onGap.run(); // messages were dropped: everything they named is suspect
                }
                next.run();
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("a Redis message listener failed: {}", e.toString());
            }
        }
    }

    private void deliver(Runnable delivery) {
        if (!closed && !deliveries.offer(delivery)) {
            overflowed.set(true);
        }
    }

    @Override
    public void message(String channel, String message) {
        deliver(() -> onMessage.accept(message));
    }

    @Override
    public void subscribed(String channel, long count) {
        if (lost.getAndSet(false)) {
            LOG.info("subscribed to {} on Redis at {} again", channel, address);
        }
        deliver(onGap); // whatever was published before the subscription took effect was missed
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> lostConnection) {
        if (closed) {
            return;
        }
        // Once per loss: attempts that connect and fail again before the subscription is back change nothing.
        if (!lost.getAndSet(true)) {
            LOG.warn("lost the subscription to {} on Redis at {}; reconnecting", channel, address);
            deliver(onGap);
        }
    }

    void close() {
        closed = true;
        listener.interrupt();
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
