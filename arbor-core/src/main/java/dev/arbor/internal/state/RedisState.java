package dev.arbor.internal.state;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link SharedState} in Redis (7 or later, checked when it connects), for apps on more than one instance, through
 * Lettuce: one multiplexed connection carries every command of every handler, and reconnects by itself.
 *
 * <p>Handlers call from virtual threads and wait on the command's future, which parks the virtual thread and holds
 * no monitor, so nothing pins a carrier on JDK 21; Netty's event loop only completes futures and never runs Arbor
 * code (the subscription hands its messages to a virtual thread, {@link RedisSubscription}). Connecting, the TLS
 * handshake and every command time out after {@value #TIMEOUT_SECONDS} s. A timeout, a lost connection (commands are
 * refused while it is down, never queued), or an error reply that says Redis cannot answer for now ({@code LOADING},
 * {@code READONLY}, …) throws {@link StateUnavailable}: callers fail closed, and the dispatcher answers 503.
 */
final class RedisState implements SharedState {
    private static final int TIMEOUT_SECONDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
    /** Commands sent and not yet answered, across every handler: past this, Redis is too slow and callers get 503. */
    private static final int MAX_IN_FLIGHT = 10_000;
    private static final Script COUNT = Script.load("count.lua");
    private static final Script GIVE_BACK = Script.load("give-back.lua");

    private final RedisAddress address;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> commands;
    private final java.util.concurrent.atomic.AtomicReference<RedisSubscription> subscription = new java.util.concurrent.atomic.AtomicReference<>();

    private RedisState(RedisAddress address, RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
        this.address = address;
        this.client = client;
        this.connection = connection;
        this.commands = connection.async();
    }

    /** Parses the address and checks that the server answers and is recent enough; fails with a clear message if not. */
    static RedisState connect(String uri) {
        return connect(uri, SslOptions.builder().jdkSslProvider().handshakeTimeout(TIMEOUT).build());
    }

    /** {@link #connect(String)} trusting what {@code ssl} trusts (tests bring their own authority). */
    static RedisState connect(String uri, SslOptions ssl) {
        RedisAddress address = RedisAddress.parse(uri);
        ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT)
                        // A connection that silently died (a crashed host, a dropped NAT entry) is noticed in ~25 s.
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable().idle(Duration.ofSeconds(10))
                                .interval(Duration.ofSeconds(5)).count(3).build())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // RESP2 signs in with AUTH, which refuses a password the server does not expect; RESP3's HELLO would
                // let any password through for a user without one, hiding a misconfigured address.
                .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2)
                .requestQueueSize(MAX_IN_FLIGHT)
                .sslOptions(ssl)
                .build());
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), address.toRedisUri(TIMEOUT, "arbor"));
        } catch (RuntimeException e) {
            shutdown(client);
            throw unreachable(address, e);
        }
        RedisState state = new RedisState(address, client, connection);
        try {
            String info;
            try {
                info = state.await("INFO", state.commands.info("server"));
            } catch (RuntimeException e) {
                throw unreachable(address, e);
            }
            requireRedis7(address.describe(), version(info));
            return state;
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    private static IllegalStateException unreachable(RedisAddress address, RuntimeException e) {
        return new IllegalStateException("cannot reach Redis at " + address.describe() + ": " + why(e), e);
    }

    /** Why connecting failed, in the server's words where it gave some: a refused password, an unknown database. */
    private static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof RedisCommandExecutionException refused) {
                String message = String.valueOf(refused.getMessage());
                return message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.contains("AUTH")
                        ? "authentication failed: " + message : message;
            }
        }
        return String.valueOf(root.getMessage());
    }

    /** The {@code redis_version} line of an {@code INFO server} reply, or {@code unknown}. */
    static String version(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).strip();
            }
        }
        return "unknown";
    }

    /**
     * The counter scripts call PEXPIRETIME, which Redis 6 does not know: there the app would start and then fail
     * every rate-limited request (every login), so it fails to start instead. A server that names its version in
     * some other form is let through: its scripts will say what they lack.
     */
    static void requireRedis7(String address, String version) {
        String major = version.split("\\.", 2)[0];
        if (major.matches("[0-9]{1,4}") && Integer.parseInt(major) < 7) {
            throw new IllegalStateException("Arbor's shared state needs Redis 7 or newer; " + address + " runs " + version);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return await("SET", commands.set(key, value, SetArgs.Builder.px(millis(ttl)).nx())) != null;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        await("SET", commands.set(key, value, SetArgs.Builder.px(millis(ttl))));
    }

    @Override
    public byte[] get(String key) {
        return await("GET", commands.get(key));
    }

    @Override
    public void delete(String key) {
        await("DEL", commands.del(key));
    }

    @Override
    public Count count(String key, long delta, Duration ttl) {
        List<Object> reply = eval(COUNT, key, Long.toString(delta), Long.toString(millis(ttl)));
        if (reply == null || reply.size() != 3 || !(reply.get(0) instanceof Long value) || !(reply.get(1) instanceof Long left)
                || !(reply.get(2) instanceof Long window)) {
            throw new StateUnavailable("Redis at " + address + " answered a count with " + reply, null);
        }
        return new Count(value, Duration.ofMillis(left), window);
    }

    @Override
    public void giveBack(String key, long window) {
        eval(GIVE_BACK, key, Long.toString(window));
    }

    private static long millis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }

    /** Runs {@code script} by its digest, sending its text only when this Redis has not seen it yet. */
    private List<Object> eval(Script script, String key, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].getBytes(StandardCharsets.US_ASCII);
        }
        String[] keys = {key};
        try {
            return await("EVALSHA", commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, values));
        } catch (Refused refused) {
            if (!refused.getMessage().contains("NOSCRIPT")) {
                throw refused;
            }
            // A restarted Redis, or SCRIPT FLUSH: EVAL runs the script and caches it for the next EVALSHA.
            return await("EVAL", commands.eval(script.source(), ScriptOutputType.MULTI, keys, values));
        }
    }

    /**
     * Waits for a command's answer on the calling (virtual) thread. Lettuce ends the command after the timeout;
     * the margin here only guards against a future that is never completed.
     */
    private <T> T await(String command, java.util.concurrent.CompletionStage<T> reply) {
        if (Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread) {
            throw new IllegalStateException("a Redis command must not wait on a Netty thread: " + Thread.currentThread().getName());
        }
        var future = reply.toCompletableFuture();
        try {
            return future.get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            future.cancel(false);
            dropConnection();
            throw new StateUnavailable("Redis at " + address + " did not answer " + command + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw failure(command, e.getCause());
        }
    }

    /** What a failed command throws: an outage for anything but an error reply that says the command is wrong. */
    private RuntimeException failure(String command, Throwable cause) {
        if (cause instanceof RedisCommandTimeoutException) {
            dropConnection();
            return new StateUnavailable("Redis at " + address + " did not answer " + command + " within " + TIMEOUT_SECONDS + " s", cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return refusal(address.describe(), command, String.valueOf(cause.getMessage()));
        }
        // Not connected (commands are refused while Lettuce reconnects), too many in flight, a broken connection.
        return new StateUnavailable("Redis at " + address + ": " + cause.getMessage(), cause);
    }

    /**
     * Closes the socket after a command timed out; Lettuce opens a new one. What Redis has not run yet of the
     * commands sent on the old one then never runs: a {@code SET … NX} whose caller was told of an outage must not
     * claim its key seconds later, when that caller's retry would find it taken.
     */
    private void dropConnection() {
        io.lettuce.core.RedisChannelWriter writer = ((io.lettuce.core.RedisChannelHandler<?, ?>) connection).getChannelWriter();
        while (writer instanceof io.lettuce.core.Delegating<?> wrapper) {
            writer = (io.lettuce.core.RedisChannelWriter) wrapper.getDelegate();
        }
        if (writer instanceof io.lettuce.core.protocol.DefaultEndpoint endpoint) {
            endpoint.disconnect();
        }
    }

    /**
     * Error replies that say Redis cannot answer for now, not that the command is wrong: still loading its data
     * after a restart, busy in a long script, a replica cut off from its primary or written to during a fail-over,
     * a cluster resharding or down. They are an outage like a lost connection (503 with {@code Retry-After}).
     */
    private static final java.util.Set<String> TRANSIENT = java.util.Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY",
            "TRYAGAIN", "CLUSTERDOWN");

    /** What an error reply to {@code command} throws: {@link StateUnavailable} for a transient one, else {@link Refused}. */
    static RuntimeException refusal(String address, String command, String message) {
        int space = message.indexOf(' ');
        if (TRANSIENT.contains(space < 0 ? message : message.substring(0, space))) {
            return new StateUnavailable("Redis at " + address + " cannot answer " + command + " for now: " + message, null);
        }
        return new Refused(command, message);
    }

    /** Redis answered a command with an error, such as NOSCRIPT or NOPERM. */
    private static final class Refused extends IllegalStateException {
        Refused(String command, String message) {
            super("Redis refused " + command + ": " + message);
        }
    }

    @Override
    public void publish(String channel, String message) {
        await("PUBLISH", commands.publish(scoped(channel), message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Pub/sub channels are server-wide, not per database: apps kept apart by database number (say staging on /1,
     * production on /0) must not hear each other.
     */
    private String scoped(String channel) {
        return channel + ":" + address.database();
    }

    @Override
    public void subscribe(String channel, java.util.function.Consumer<String> onMessage, Runnable onGap) {
        RedisSubscription opened = RedisSubscription.open(client, address, scoped(channel), onMessage, onGap);
        if (!subscription.compareAndSet(null, opened)) {
            opened.close();
            throw new IllegalStateException("this Redis state already has a subscription");
        }
    }

    /** The subscription's client name in {@code CLIENT LIST}, so a test can kill exactly that connection. */
    String subscriberName() {
        RedisSubscription current = subscription.get();
        return current == null ? null : current.name();
    }

    @Override
    public String describe() {
        return address.describe();
    }

    @Override
    public void close() {
        RedisSubscription current = subscription.get();
        if (current != null) {
            current.close();
        }
        connection.close();
        shutdown(client);
    }

    private static void shutdown(RedisClient client) {
        client.shutdown(Duration.ZERO, TIMEOUT);
        client.getResources().shutdown(0, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A Lua script and the SHA-1 of its text, by which EVALSHA names it. */
    private record Script(String source, String sha1) {
        static Script load(String name) {
            try (var in = RedisState.class.getResourceAsStream(name)) {
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(source, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }
}
