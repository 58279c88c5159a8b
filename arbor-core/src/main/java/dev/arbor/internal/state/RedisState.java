package dev.arbor.internal.state;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link SharedState} in Redis, for apps on more than one instance. It speaks the Redis protocol (RESP2) itself
 * over a few pooled sockets: a handful of commands ({@code SET … PX … [NX]}, {@code GET}, {@code DEL}, two
 * scripts for counters run by {@code EVALSHA}, and {@code AUTH}/{@code SELECT}/{@code PING}/{@code HELLO} when
 * connecting) do not justify a client library and its dependencies in every app. It needs Redis 7 or later, and
 * checks the version when it connects.
 *
 * <p>Address: {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS. Each
 * command is one round trip on a connection borrowed from the pool; at most {@value #MAX_CONNECTIONS} are open,
 * and a connection that fails is closed, never reused. Connect and read time out after 2 s, and a failure, or an
 * error reply that says Redis cannot answer for now ({@code LOADING}, {@code READONLY}, …), throws
 * {@link StateUnavailable}: callers fail closed, and the dispatcher answers 503.
 *
 * <p>{@link #subscribe} holds one more connection, outside the pool, in {@code SUBSCRIBE} mode on a virtual
 * thread. A quiet subscription is checked with {@code PING} every {@value #SUBSCRIPTION_QUIET_MILLIS} ms; a lost
 * one is opened again (backing off from 100 ms to 5 s), with the listener told of the gap on both sides.
 */
public final class RedisState implements SharedState {
    static final int MAX_CONNECTIONS = 32;
    private static final int TIMEOUT_MILLIS = 2000;
    static final int SUBSCRIPTION_QUIET_MILLIS = 10_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisState.class);
    private static final int MAX_BULK = 16 * 1024 * 1024;
    private static final Object NIL = new Object();
    private static final Script COUNT = Script.load("count.lua");
    private static final Script GIVE_BACK = Script.load("give-back.lua");

    private final String host;
    private final int port;
    private final boolean tls;
    private final String user;
    private final String password;
    private final int database;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
    private volatile boolean closed;
    private final java.util.Set<Connection> subscriptions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RedisState(String host, int port, boolean tls, String user, String password, int database) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** Parses the address and checks that the server answers; fails with a clear message if it does not. */
    public static RedisState connect(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis address: " + redact(uri));
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || parsed.getHost() == null) {
            throw new IllegalArgumentException("a Redis address looks like redis://host:6379/0 or rediss://…, not " + redact(uri));
        }
        String user = null;
        String password = null;
        if (parsed.getRawUserInfo() != null) {
            String info = parsed.getRawUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        int database = 0;
        String path = parsed.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the Redis database must be a number: " + redact(uri));
            }
        }
        RedisState state = new RedisState(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort(), "rediss".equals(scheme),
                user, password, database);
        try {
            Object pong = state.command("PING");
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("Redis at " + state.describe() + " answered PING with " + pong);
            }
            String version;
            try {
                version = version(state.command("HELLO", "2"));
            } catch (Refused refused) {
                if (!refused.message.startsWith("ERR unknown command")) {
                    throw refused;
                }
                version = null; // HELLO came with Redis 6
            }
            requireRedis7(state.describe(), version);
        } catch (StateUnavailable e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalStateException("cannot reach Redis at " + state.describe() + ": " + why, e);
        }
        return state;
    }

    /** The {@code version} field of a RESP2 {@code HELLO} reply (a flat list of names and values), or {@code unknown}. */
    static String version(Object hello) {
        if (hello instanceof List<?> fields) {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("version".equals(text(fields.get(i)))) {
                    return text(fields.get(i + 1));
                }
            }
        }
        return "unknown";
    }

    /**
     * The counter scripts call PEXPIRETIME, which Redis 6 does not know: there the app would start and then fail
     * every rate-limited request (every login), so it fails to start instead. {@code version} is null for a server
     * without HELLO (before 6); one that names its version in some other form is let through.
     */
    static void requireRedis7(String address, String version) {
        String major = version == null ? "0" : version.split("\\.", 2)[0];
        if (version == null || major.matches("[0-9]{1,4}") && Integer.parseInt(major) < 7) {
            throw new IllegalStateException("Arbor's shared state needs Redis 7 or newer; " + address + " runs "
                    + (version == null ? "a version before 6" : version));
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return command(bytes("SET"), bytes(key), value, bytes("PX"), bytes(Long.toString(Math.max(1, ttl.toMillis()))),
                bytes("NX")) != NIL;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        command(bytes("SET"), bytes(key), value, bytes("PX"), bytes(Long.toString(Math.max(1, ttl.toMillis()))));
    }

    @Override
    public byte[] get(String key) {
        Object value = command(bytes("GET"), bytes(key));
        return value == NIL ? null : (byte[]) value;
    }

    @Override
    public void delete(String key) {
        command(bytes("DEL"), bytes(key));
    }

    @Override
    public Count count(String key, long delta, Duration ttl) {
        Object reply = eval(COUNT, key, Long.toString(delta), Long.toString(Math.max(1, ttl.toMillis())));
        if (!(reply instanceof List<?> items) || items.size() != 3 || !(items.get(0) instanceof Long value)
                || !(items.get(1) instanceof Long left) || !(items.get(2) instanceof Long window)) {
            throw new StateUnavailable("Redis at " + describe() + " answered a count with " + reply, null);
        }
        return new Count(value, Duration.ofMillis(left), window);
    }

    @Override
    public void giveBack(String key, long window) {
        eval(GIVE_BACK, key, Long.toString(window));
    }

    /** Runs {@code script} by its digest, sending its text only when this Redis has not seen it yet. */
    private Object eval(Script script, String key, String... args) {
        byte[][] command = new byte[3 + 1 + args.length][];
        command[0] = bytes("EVALSHA");
        command[1] = bytes(script.sha1);
        command[2] = bytes("1");
        command[3] = bytes(key);
        for (int i = 0; i < args.length; i++) {
            command[4 + i] = bytes(args[i]);
        }
        try {
            return command(command);
        } catch (Refused refused) {
            if (!refused.message.startsWith("NOSCRIPT")) {
                throw refused;
            }
            // A restarted or flushed Redis, or the first call: EVAL runs it and caches it for the next EVALSHA.
            command[0] = bytes("EVAL");
            command[1] = bytes(script.source);
            return command(command);
        }
    }

    /** A Lua script and the SHA-1 of its text, by which EVALSHA names it. */
    private record Script(String source, String sha1) {
        static Script load(String name) {
            try (var in = RedisState.class.getResourceAsStream(name)) {
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(source, sha1(source));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static String sha1(String source) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes(source)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
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
        private final String message;

        Refused(String command, String message) {
            super("Redis refused " + command + ": " + message);
            this.message = message;
        }
    }

    @Override
    public void publish(String channel, String message) {
        command(bytes("PUBLISH"), bytes(scoped(channel)), bytes(message));
    }

    /**
     * Pub/sub channels are server-wide, not per database: apps kept apart by database number (say staging on /1,
     * production on /0) must not hear each other.
     */
    private String scoped(String channel) {
        return channel + ":" + database;
    }

    @Override
    public void subscribe(String channel, java.util.function.Consumer<String> onMessage, Runnable onGap) {
        Thread.ofVirtual().name("arbor-redis-subscriber").start(() -> listen(channel, onMessage, onGap));
    }

    private void listen(String channel, java.util.function.Consumer<String> onMessage, Runnable onGap) {
        long backoff = 100;
        boolean warned = false;
        while (!closed) {
            Connection connection = null;
            try {
                connection = open();
                subscriptions.add(connection);
                if (closed) {
                    return;
                }
                connection.send(bytes("SUBSCRIBE"), bytes(scoped(channel)));
                Object confirmed = connection.read();
                if (confirmed instanceof RedisError refused) {
                    // Such as NOPERM for an ACL user without channel access: a configuration error, said as it is.
                    throw new IOException("Redis refused SUBSCRIBE: " + refused.message());
                }
                if (!(confirmed instanceof List<?> items) || items.isEmpty() || !"subscribe".equals(text(items.getFirst()))) {
                    throw new IOException("Redis did not confirm the subscription");
                }
                onGap.run(); // whatever was published before the subscription took effect was missed
                if (warned) {
                    LOG.info("subscribed to {} on Redis at {} again", channel, describe());
                }
                backoff = 100;
                warned = false;
                receive(connection, onMessage);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                onGap.run();
                if (!warned) {
                    LOG.warn("lost the subscription to {} on Redis at {}; retrying: {}", channel, describe(), e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            } finally {
                if (connection != null) {
                    subscriptions.remove(connection);
                    connection.close();
                }
            }
        }
    }

    /** Hands each message to {@code onMessage} until the connection fails; a quiet one must answer a PING. */
    private void receive(Connection connection, java.util.function.Consumer<String> onMessage) throws IOException {
        boolean pinged = false;
        while (!closed) {
            if (!connection.awaitReply(SUBSCRIPTION_QUIET_MILLIS)) {
                if (pinged) {
                    throw new IOException("Redis did not answer a PING within " + SUBSCRIPTION_QUIET_MILLIS + " ms");
                }
                connection.send(bytes("PING"));
                pinged = true;
                continue;
            }
            // Only the wait for a reply's first byte may be long; a reply that stalls halfway is a broken connection.
            Object reply = connection.read();
            pinged = false;
            if (reply instanceof List<?> items && items.size() == 3 && "message".equals(text(items.get(0)))
                    && items.get(2) instanceof byte[] message) {
                onMessage.accept(new String(message, StandardCharsets.UTF_8));
            }
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] data ? new String(data, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public String describe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
        subscriptions.forEach(Connection::close); // their threads see the closed socket and stop
    }

    private Object command(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = bytes(words[i]);
        }
        return command(args);
    }

    /** Sends one command and reads its reply: a String (status), Long, byte[] (bulk), List or {@link #NIL}. */
    private Object command(byte[]... args) {
        if (closed) {
            throw new IllegalStateException("the Redis state is closed");
        }
        try {
            if (!permits.tryAcquire(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new StateUnavailable("all " + MAX_CONNECTIONS + " Redis connections are busy", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Redis connection", e);
        }
        try {
            Connection pooled = idle.pollFirst();
            if (pooled != null) {
                try {
                    return call(pooled, args);
                } catch (java.net.SocketTimeoutException slow) {
                    // The command may have run (SET NX twice would read as "taken"): never resend it.
                    throw slow;
                } catch (IOException stale) {
                    // An idle connection the server or a proxy has dropped: one more try on a new one.
                }
            }
            return call(open(), args);
        } catch (IOException e) {
            throw new StateUnavailable("Redis at " + describe() + ": " + e.getMessage(), e);
        } finally {
            permits.release();
        }
    }

    /** One command on {@code connection}: back to the pool after a reply, closed after any failure. */
    private Object call(Connection connection, byte[]... args) throws IOException {
        Object reply;
        try {
            reply = connection.call(args);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (closed) {
            connection.close();
        } else {
            idle.offerFirst(connection);
        }
        if (reply instanceof RedisError error) {
            throw refusal(describe(), new String(args[0], StandardCharsets.US_ASCII), error.message());
        }
        return reply;
    }

    private Connection open() throws IOException {
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        if (socket instanceof javax.net.ssl.SSLSocket secure) {
            // A plain SSLSocket checks the certificate's chain but not that it names this host.
            javax.net.ssl.SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
        }
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            Connection connection = new Connection(socket);
            if (password != null) {
                Object reply = user == null ? connection.call(bytes("AUTH"), bytes(password))
                        : connection.call(bytes("AUTH"), bytes(user), bytes(password));
                if (reply instanceof RedisError error) {
                    throw new IOException("authentication failed: " + error.message());
                }
            }
            if (database != 0) {
                Object reply = connection.call(bytes("SELECT"), bytes(Integer.toString(database)));
                if (reply instanceof RedisError error) {
                    throw new IOException("cannot select database " + database + ": " + error.message());
                }
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private record RedisError(String message) {}

    /** One socket, used by one command at a time (the pool hands it to one caller). */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        Object call(byte[]... args) throws IOException {
            send(args);
            return read();
        }

        /** Waits up to {@code quietMillis} for a reply to begin; false if none did. */
        boolean awaitReply(int quietMillis) throws IOException {
            socket.setSoTimeout(quietMillis);
            try {
                in.mark(1);
                if (in.read() < 0) {
                    throw new IOException("connection closed by Redis");
                }
                in.reset();
                return true;
            } catch (java.net.SocketTimeoutException quiet) {
                return false;
            } finally {
                socket.setSoTimeout(TIMEOUT_MILLIS);
            }
        }

        void send(byte[]... args) throws IOException {
            out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] arg : args) {
                out.write(('$' + Integer.toString(arg.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(arg);
                out.write('\r');
                out.write('\n');
            }
            out.flush();
        }

        Object read() throws IOException {
            int type = in.read();
            String line = line();
            return switch (type) {
                case '+' -> line;
                case '-' -> new RedisError(line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield NIL;
                    }
                    if (length > MAX_BULK) {
                        throw new IOException("reply of " + length + " bytes is larger than expected");
                    }
                    byte[] data = in.readNBytes(length);
                    if (data.length != length || in.read() != '\r' || in.read() != '\n') {
                        throw new IOException("connection closed in the middle of a reply");
                    }
                    yield data;
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    if (count < 0) {
                        yield NIL;
                    }
                    List<Object> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(read());
                    }
                    yield items;
                }
                case -1 -> throw new IOException("connection closed by Redis");
                default -> throw new IOException("not a Redis reply (type byte " + type + ")");
            };
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c == -1) {
                    throw new IOException("connection closed by Redis");
                }
                if (line.length() > 64 * 1024) {
                    throw new IOException("reply line too long");
                }
                line.append((char) c);
            }
            if (in.read() != '\n') {
                throw new IOException("malformed reply line");
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken connection; nothing else to do with it.
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * The address without its credentials: everything between the scheme and the last {@code @}, since a password
     * may itself hold {@code /}, {@code ?}, {@code #} or {@code @} (which is why such an address is refused).
     */
    private static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
    }
}
