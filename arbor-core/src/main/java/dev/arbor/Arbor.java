package dev.arbor;

import dev.arbor.internal.bind.Json;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.http.ActionEntry;
import dev.arbor.internal.http.ClientScript;
import dev.arbor.internal.http.Dispatcher;
import dev.arbor.internal.http.DrainingConnector;
import dev.arbor.internal.http.Idempotency;
import dev.arbor.internal.http.ErrorResponder;
import dev.arbor.internal.http.ForwardedScheme;
import dev.arbor.internal.http.HeaderDeadline;
import dev.arbor.internal.http.ResponseWriter;
import dev.arbor.internal.http.SecurityHeaders;
import dev.arbor.internal.http.RouteEntry;
import dev.arbor.internal.http.SseSessions;
import dev.arbor.internal.routing.RouteTable;
import dev.arbor.internal.state.MemoryState;
import dev.arbor.internal.state.SharedState;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An Arbor application server: Jetty 12 with Arbor's dispatcher, the routes the annotation processor found,
 * and the app's services.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Services services = new Services().add(Posts.class, new Posts(jdbi));
 *     Arbor.builder().port(3000).services(services).routes(ShopApp_.ROUTES).build().start().stopOnShutdown();
 * }
 * }</pre>
 *
 * <p>Handlers run on virtual threads. {@link #stop()} is graceful: new requests are answered 503, requests in
 * flight finish (up to the shutdown timeout), event streams get a final event and close.
 */
public final class Arbor implements AutoCloseable {
    private final Builder config;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final List<RouteEntry> entries = new ArrayList<>();
    private Server server;
    private ServerConnector connector;
    private ExecutorService handlers;
    private SseSessions sse;
    private SharedState shared;

    private Arbor(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server, prints the route table and the time to ready, and returns this server. */
    public Arbor start() {
        lifecycle.lock();
        try {
            if (server != null) {
                throw new IllegalStateException("already started");
            }
            long begin = System.nanoTime();
            Keys keys = keyRing();
            Json.configure(config.limits);
            // Before the routes and actions are made: their constructors may take it.
            config.services.instance(RateLimits.class, RateLimits::forServer).countIn(this::sharedState);
            RouteTable<RouteEntry> table = buildTable();
            Files.createDirectories(config.uploadDirectory);

            avoidJmxAtStartUp();
            QueuedThreadPool jettyThreads = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4), 4);
            jettyThreads.setName("arbor-jetty");
            server = new Server(jettyThreads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // Jetty matches a header line against those already seen on the connection ignoring case by default,
            // so "Bearer abcD" after "Bearer abcd" was read as the earlier token; credentials are case-sensitive.
            http.setHeaderCacheCaseSensitive(true);
            http.setRequestHeaderSize(config.limits.maxHeaderSize());
            http.setResponseHeaderSize(16 * 1024);
            // Parsed once here (the builder only checked them) and shared by every reader of forwarded headers.
            var proxies = dev.arbor.internal.http.TrustedProxies.of(config.trustedProxies);
            var clients = new dev.arbor.internal.http.ClientAddress(proxies);
            http.addCustomizer(new ForwardedScheme(proxies));
            connector = config.keyStore == null ? new DrainingConnector(server, new HttpConnectionFactory(http)) : tlsConnector(http);
            connector.setHost(config.host);
            connector.setPort(config.port);
            connector.setIdleTimeout(config.limits.idleTimeout().toMillis());
            // The JDK's default backlog of 50 overflows when hundreds of clients connect at once, and a dropped
            // SYN costs the client a 1 s retransmit; the kernel still caps this at net.core.somaxconn.
            connector.setAcceptQueueSize(1024);
            connector.addBean(new HeaderDeadline(config.limits.headerReadTimeout(), connector.getScheduler()));
            server.addConnector(connector);

            handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("arbor-handler").factory());
            sse = new SseSessions(config.sseHeartbeat, config.limits, clients);
            shared = SharedState.of(config.redis, java.time.Clock.systemUTC());
            ResponseWriter writer = new ResponseWriter(sse, new SecurityHeaders(config.cspSources, config.cspReports));
            Dispatcher dispatcher = new Dispatcher(
                    new Dispatcher.AppParts(table, buildActions(keys), keys, List.copyOf(config.origins),
                            new dev.arbor.internal.http.Sessions(keys, config.sessionLifetime, config.tokens, java.time.Clock.systemUTC(), shared),
                            new Idempotency(idempotencyState(), config.idempotencyKeyLifetime), config.pageCacheBytes),
                    new Dispatcher.ServerParts(config.limits, config.uploadDirectory, handlers, writer, clients, ClientScript.load()));
            if (config.ready != null) {
                dispatcher.holdRequestsUntil(config.ready);
            }
            GracefulHandler graceful = new GracefulHandler(dispatcher);
            server.setHandler(graceful);
            server.setErrorHandler(new ErrorResponder());
            server.setStopTimeout(config.shutdownTimeout.toMillis());
            server.start();
            if (config.out != null) {
                printRoutes(config.out, begin);
            }
            return this;
        } catch (Exception e) {
            stopQuietly();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Arbor could not start: " + e.getMessage(), e);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * HTTP/1.1 over TLS, without ALPN: Jetty's defaults already refuse SSLv3, TLS 1.0/1.1 and weak ciphers.
     * {@code SecureRequestCustomizer} marks requests secure and refuses a {@code Host} the certificate does not
     * cover (400), so a certificate cannot be used to reach another name served by the same process.
     */
    private ServerConnector tlsConnector(HttpConfiguration http) {
        http.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(config.keyStore.toString());
        tls.setKeyStorePassword(config.keyStorePassword);
        return new DrainingConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
    }

    /**
     * Jetty's {@code MemoryUtils} asks the JMX platform MBean server whether references are compressed, which
     * starts JMX and its diagnostic commands: about half a second of a 2-CPU machine's start-up, on the first
     * Jetty class that pads for cache lines. Given the answer as a system property, it skips that. A heap under
     * 32 GiB means compressed references on HotSpot; a wrong guess only changes padding, never behaviour.
     */
    private static void avoidJmxAtStartUp() {
        String property = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(property) == null) {
            boolean compressed = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
            System.setProperty(property, String.valueOf(64 / (compressed ? 4 : 8)));
        }
    }

    /**
     * Where idempotency records go: with the session revocations in Redis, or in memory of their own with a size
     * limit, so that a flood of keyed requests can neither grow the heap without bound nor crowd out revocations.
     */
    private SharedState idempotencyState() {
        return config.redis == null ? new MemoryState(java.time.Clock.systemUTC(), MemoryState.IDEMPOTENCY_BUDGET) : shared;
    }

    /** The running server's shared state, where the {@link RateLimits} it hands to the app count. */
    private SharedState sharedState() {
        SharedState state = shared;
        if (state == null) {
            throw new IllegalStateException("a RateLimit counts while its server runs: call it from a route or an action");
        }
        return state;
    }

    private RouteTable<RouteEntry> buildTable() {
        RouteTable<RouteEntry> table = new RouteTable<>();
        for (RouteDefinition definition : config.routes) {
            if (config.tokens == null && definition.access().values().stream().anyMatch(a -> a.kind() == Access.Kind.BEARER)) {
                throw new IllegalStateException(definition.handler() + " is @BearerAuth, but the app resolves no bearer tokens: "
                        + "configure Arbor.Builder.bearerTokens(token -> …)");
            }
            // The entry weighs the prefix policy against the route's own @Cors and each verb's access.
            RouteEntry entry = RouteEntry.of(definition, definition.factory().apply(config.services), prefixPolicy(definition.path()), config.limits);
            table.add(definition.path(), entry);
            entries.add(entry);
        }
        return table;
    }

    /**
     * Each action under its current id and, while a previous key is accepted, under the id that key gave it: a
     * page rendered before a rotation still posts. The page handler checks that an alias is still accepted.
     */
    private Map<String, ActionEntry> buildActions(Keys keys) {
        Map<String, ActionEntry> byId = new java.util.HashMap<>();
        for (ActionDefinition definition : config.actions) {
            String key = definition.ref().key();
            ActionDefinition.Invoker invoker = definition.factory().apply(config.services);
            for (Map.Entry<String, java.time.Instant> id : keys.acceptedActionIds(key).entrySet()) {
                if (byId.put(id.getKey(), new ActionEntry(id.getKey(), definition, invoker, id.getValue())) != null) {
                    throw new IllegalStateException("Action " + key + " is registered twice");
                }
            }
        }
        return byId;
    }

    /**
     * Whether {@code ARBOR_ENV} asks for production. Anything but the two names is refused rather than taken for
     * development: a misspelt {@code prod} must not start a production server with a random secret.
     */
    static boolean productionFromEnvironment(String value) {
        if (value == null || value.isBlank() || value.equals("development")) {
            return false;
        }
        if (value.equals("production")) {
            return true;
        }
        throw new IllegalStateException("ARBOR_ENV must be 'production' or 'development' (or unset), was '" + value + "'");
    }

    /** The configured key ring; in production, none is an error, in development a random key and a warning. */
    private Keys keyRing() {
        var log = org.slf4j.LoggerFactory.getLogger(Arbor.class);
        boolean production = config.production != null ? config.production : productionFromEnvironment(System.getenv("ARBOR_ENV"));
        byte[] current = config.secret;
        if (current == null) {
            if (production) {
                throw new IllegalStateException("Arbor is in production mode (ARBOR_ENV=production or Arbor.Builder.production(true)) "
                        + "but no app secret is configured: set one with Arbor.Builder.secret(bytes) - at least 32 random bytes, "
                        + "the same on every instance, for example from an ARBOR_SECRET environment variable. Without it, "
                        + "action ids, CSRF tokens, sealed form values and sessions would change at every restart and differ "
                        + "between instances.");
            }
            if (!config.previousSecrets.isEmpty()) {
                throw new IllegalStateException("Arbor.Builder.previousSecret(...) needs a current Arbor.Builder.secret(...)");
            }
            log.warn("No app secret configured (Arbor.Builder.secret): using a random one, so action ids and sealed form "
                    + "values change at every restart. Configure one in production.");
            current = Keys.randomSecret();
        }
        Instant now = Instant.now();
        List<Keys.Previous> previous = new ArrayList<>();
        for (Keys.Previous p : config.previousSecrets) {
            if (p.acceptedUntil().isAfter(now)) {
                previous.add(p);
            } else {
                log.info("A previous app secret was accepted until {} and is ignored; it can be removed from the configuration",
                        p.acceptedUntil());
            }
        }
        return new Keys(current, previous, config.boundValuesLifetime, java.time.Clock.systemUTC());
    }

    private CorsPolicy prefixPolicy(String path) {
        CorsPolicy best = null;
        int bestLength = -1;
        for (var prefix : config.corsPrefixes.entrySet()) {
            String p = prefix.getKey();
            boolean under = path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/");
            if (under && p.length() > bestLength) {
                best = prefix.getValue();
                bestLength = p.length();
            }
        }
        return best;
    }

    private void printRoutes(PrintStream out, long begin) {
        int pathWidth = Math.max(4, entries.stream().mapToInt(e -> e.definition().path().length()).max().orElse(4));
        StringBuilder table = new StringBuilder("\nArbor routes\n");
        table.append(String.format("  %-26s %-" + pathWidth + "s  %-6s  %s%n", "Method", "Path", "Kind", "Handler"));
        entries.stream().sorted(java.util.Comparator.comparing(e -> e.definition().path())).forEach(e ->
                table.append(String.format("  %-26s %-" + pathWidth + "s  %-6s  %s%n",
                        e.allow().replace(", OPTIONS", "").replace(", ", " "), e.definition().path(), e.definition().kind(),
                        e.definition().handler())));
        for (ActionDefinition action : config.actions) {
            table.append(String.format("  %-26s %-" + pathWidth + "s  %-6s  %s%n", "POST", "(any page)", "action", action.handler()));
        }
        long startMillis = (System.nanoTime() - begin) / 1_000_000;
        String sinceProcess = ProcessHandle.current().info().startInstant()
                .map(t -> ", " + Duration.between(t, Instant.now()).toMillis() + " ms since the process started").orElse("");
        table.append(String.format("%nReady on %s in %d ms%s%n", uri(), startMillis, sinceProcess));
        out.print(table);
        out.flush();
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's base address, such as {@code http://localhost:3000} ({@code https://…} when serving TLS). */
    public URI uri() {
        String host = config.host == null || config.host.equals("0.0.0.0") ? "localhost" : config.host;
        return URI.create((config.keyStore == null ? "http://" : "https://") + host + ":" + port());
    }

    /**
     * How many Server-Sent Events streams are open now, against {@link Limits#maxEventStreams()}: for operators'
     * metrics and for tests. Zero before start and after stop.
     */
    public int openEventStreams() {
        SseSessions streams = sse;
        return streams == null ? 0 : streams.size();
    }

    /** Stops gracefully when the JVM is asked to exit (SIGTERM, SIGINT); returns this server. */
    public Arbor stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "arbor-shutdown"));
        return this;
    }

    /** Blocks the calling thread until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: refuses new requests with 503, lets requests in flight finish within the shutdown
     * timeout, closes event streams with a final event, then stops the server.
     */
    public void stop() {
        lifecycle.lock();
        try {
            if (server == null) {
                return;
            }
            sse.closeAll();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Arbor did not stop cleanly: " + e.getMessage(), e);
        } finally {
            stopQuietly();
            lifecycle.unlock();
        }
    }

    private void stopQuietly() {
        try {
            if (server != null && server.isRunning()) {
                server.stop();
            }
        } catch (Exception ignored) {
            // Already failing or stopping; the first error is the one reported.
        }
        if (sse != null) {
            sse.shutdownScheduler();
        }
        if (handlers != null) {
            handlers.shutdown();
        }
        if (shared != null) {
            shared.close();
            shared = null;
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** The settings of an {@link Arbor} server; every one has a safe default. */
    public static final class Builder {
        private int port = 3000;
        private String host = "0.0.0.0";
        private Services services = new Services();
        private final List<RouteDefinition> routes = new ArrayList<>();
        private final List<ActionDefinition> actions = new ArrayList<>();
        private byte[] secret;
        private final List<Keys.Previous> previousSecrets = new ArrayList<>();
        private Duration boundValuesLifetime = Keys.DEFAULT_BOUND_LIFETIME;
        private Boolean production;
        private final List<String> origins = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private Duration sessionLifetime = Duration.ofDays(7);
        private String redis;
        private Duration idempotencyKeyLifetime = Duration.ofHours(24);
        private java.util.function.Function<String, java.util.Optional<Identity>> tokens;
        private final Map<String, CorsPolicy> corsPrefixes = new LinkedHashMap<>();
        private Limits limits = Limits.defaults();
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private long pageCacheBytes = 16L * 1024 * 1024;
        private Path uploadDirectory = Path.of(System.getProperty("java.io.tmpdir"), "arbor-uploads");
        private PrintStream out = System.out;
        private java.util.concurrent.CompletionStage<?> ready;
        private Path keyStore;
        private String keyStorePassword;
        private final Map<String, List<String>> cspSources = new LinkedHashMap<>();
        private String cspReports;

        private Builder() {}

        /** The TCP port; 0 picks a free one. Default 3000. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The address to listen on. Default all interfaces. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The objects routes receive in their constructors. */
        public Builder services(Services services) {
            this.services = services;
            return this;
        }

        /** Adds routes, usually the generated {@code AppName_.ROUTES}. */
        public Builder routes(Collection<RouteDefinition> definitions) {
            routes.addAll(definitions);
            return this;
        }

        /** Adds routes, such as {@code PostRoute_.ROUTE}. */
        public Builder routes(RouteDefinition... definitions) {
            return routes(List.of(definitions));
        }

        /** Adds server actions, usually the generated {@code AppName_.ACTIONS}. */
        public Builder actions(Collection<ActionDefinition> definitions) {
            actions.addAll(definitions);
            return this;
        }

        /**
         * The app secret (at least 32 random bytes) from which action ids, CSRF tokens, signed cookies and the keys
         * sealing bound form values and sessions are derived: the current key of the key ring, used for everything
         * made from now on. Keep it stable across deploys and the same on every instance. Without one, a random
         * secret is used and logged as a warning, and in {@link #production(boolean) production} start fails.
         *
         * <p>To rotate: make the new secret current and pass the old one to {@link #previousSecret}.
         */
        public Builder secret(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("the app secret must have at least 32 bytes");
            }
            this.secret = secret.clone();
            return this;
        }

        /**
         * A secret that is no longer current but whose work is still accepted until {@code acceptedUntil}: forms
         * rendered, sessions and flash messages made with it keep working until then, and never after. Choose an
         * instant at least {@link #boundValuesLifetime} (and, to keep people signed in, the session lifetime)
         * after the rotation. Sessions opened with it are sealed again with the current secret when they change.
         *
         * <pre>{@code
         * builder.secret(newSecret).previousSecret(oldSecret, Instant.parse("2026-12-01T00:00:00Z"));
         * }</pre>
         */
        public Builder previousSecret(byte[] secret, Instant acceptedUntil) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("a previous app secret must have at least 32 bytes");
            }
            previousSecrets.add(new Keys.Previous(secret, acceptedUntil));
            return this;
        }

        /**
         * How long the sealed bound values of a rendered form stay valid. A form older than this is refused and,
         * like a form from a previous build, answered by reloading the page. Default 24 hours.
         */
        public Builder boundValuesLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("the lifetime of bound values must be positive");
            }
            this.boundValuesLifetime = lifetime;
            return this;
        }

        /**
         * Production mode: start fails unless {@link #secret} is configured, instead of using a random secret.
         * Default: from the environment variable {@code ARBOR_ENV}, {@code production} or {@code development}
         * (unset means development; any other value fails start).
         */
        public Builder production(boolean production) {
            this.production = production;
            return this;
        }

        /**
         * The app's public origin(s), such as {@code https://shop.example.com}, against which the {@code Origin}
         * of form posts is checked. Without one, the request's own scheme and host are used.
         */
        public Builder origins(String... publicOrigins) {
            origins.addAll(List.of(publicOrigins));
            return this;
        }

        /**
         * Reverse proxies whose {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-For} are
         * believed: IP addresses ({@code "10.0.0.2"}, {@code "::1"}) or ranges ({@code "10.0.0.0/8"},
         * {@code "fd00::/8"}). A request such a proxy forwards with {@code X-Forwarded-Proto: https} is treated as
         * HTTPS (HSTS, {@code __Host-} session cookie, {@code Secure} cookies), and its forwarded host names the
         * expected origin when none is configured. The client's address ({@link Request#remoteAddress()}, the
         * per-client event-stream cap) is the nearest {@code X-Forwarded-For} entry, from the right, that is not
         * itself a trusted proxy, so list every proxy of a chain (a CDN's ranges and the load balancer behind it).
         * From any other peer those headers are ignored.
         *
         * @throws IllegalArgumentException for an entry that is neither an IP address nor a range (host names are
         *         not looked up), or that carries a port or brackets ({@code 10.0.0.2:443}, {@code [::1]})
         */
        public Builder trustedProxies(String... addresses) {
            dev.arbor.internal.http.TrustedProxies.of(List.of(addresses));
            trustedProxies.addAll(List.of(addresses));
            return this;
        }

        /** How long a session lasts after it was last written. Default 7 days. */
        public Builder sessionLifetime(Duration lifetime) {
            this.sessionLifetime = lifetime;
            return this;
        }

        /**
         * Keeps the state that instances of the app must share in Redis instead of this process's memory: retired
         * session ids (so that a cookie from before a login, or from before a logout, is refused by every
         * instance), {@code Idempotency-Key} records and the counts of {@link RateLimits}. Give every instance the same address, and each app its own
         * database: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://…} for TLS. The
         * server does not start if Redis does not answer or is older than 7; once started, a request that needs Redis while it is
         * unreachable fails with 503 rather than trusting a cookie it cannot check or skipping a count. Default: in memory, right for
         * one instance.
         */
        public Builder redis(String uri) {
            this.redis = uri;
            return this;
        }

        /** How long an {@code Idempotency-Key}'s answer is kept for replay. Default 24 hours. */
        public Builder idempotencyKeyLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("the idempotency key lifetime must be positive");
            }
            this.idempotencyKeyLifetime = lifetime;
            return this;
        }

        /**
         * How bearer tokens ({@code Authorization: Bearer …}) become identities, for mobile and public API
         * clients: look the token up (stored hashed) and answer who owns it, or empty. A request whose token
         * resolves to nobody is answered 401 ({@code invalid-token}); one whose token resolves is that identity
         * alone, and its session cookie is not read. Without a resolver, bearer tokens are no credential.
         */
        public Builder bearerTokens(java.util.function.Function<String, java.util.Optional<Identity>> resolver) {
            this.tokens = resolver;
            return this;
        }

        /**
         * A CORS policy for the {@link Public} verbs of every route under a path prefix that has no {@link Cors} of
         * its own. A verb with a narrower access policy ({@link Authenticated}, {@link RolesAllowed}, …) is never
         * opened by a prefix: give its route a {@code @Cors} to open it.
         */
        public Builder cors(String pathPrefix, CorsPolicy policy) {
            corsPrefixes.put(pathPrefix, policy);
            return this;
        }

        /**
         * Adds sources to one directive of the Content-Security-Policy of every HTML answer, for example
         * {@code contentSecurityPolicy("img-src", "https://images.example")} or
         * {@code contentSecurityPolicy("connect-src", "https://api.example", "wss://live.example")}. A directive the
         * default policy lacks starts from {@code 'self'}. Pages keep their per-response nonce and
         * {@code 'strict-dynamic'} (browsers that know it then ignore host sources in {@code script-src}).
         *
         * @throws IllegalArgumentException for a source that would weaken the policy ({@code 'unsafe-inline'},
         *         {@code 'unsafe-eval'}, {@code 'unsafe-hashes'}, {@code *} or any wildcard host such as
         *         {@code https://*}, a bare scheme other than {@code data:}/{@code blob:}; and in {@code script-src},
         *         {@code default-src}, {@code worker-src}, {@code child-src}, {@code frame-src} and
         *         {@code frame-ancestors} any bare scheme and any wildcard, {@code https://*.example.com} too), for
         *         {@code object-src} and {@code base-uri} (they stay {@code 'none'}), and for anything that is not one
         *         source per argument
         */
        public Builder contentSecurityPolicy(String directive, String... sources) {
            SecurityHeaders.checkSources(directive, sources);
            cspSources.computeIfAbsent(directive, d -> new ArrayList<>()).addAll(List.of(sources));
            return this;
        }

        /**
         * Where browsers report Content-Security-Policy violations: {@code report-to} (with a
         * {@code Reporting-Endpoints} header) and {@code report-uri} for browsers without the Reporting API.
         * {@code endpoint} is a path of this app ({@code /csp-reports}) or an {@code https://} URL; the app answers
         * it with a route of its own.
         */
        public Builder contentSecurityPolicyReports(String endpoint) {
            SecurityHeaders.checkReportEndpoint(endpoint);
            this.cspReports = endpoint;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** How long {@link Arbor#stop()} waits for requests in flight. Default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * The most memory rendered pages may take in the page cache, counted as their bytes and keys; past it, the
         * pages least likely to be asked for again are dropped. Default 16 MiB; 0 keeps nothing.
         */
        public Builder pageCacheBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("the page cache size is a number of bytes, 0 or more");
            }
            this.pageCacheBytes = bytes;
            return this;
        }

        /** How often an idle event stream gets a heartbeat comment. Default 15 s. */
        public Builder sseHeartbeat(Duration interval) {
            this.sseHeartbeat = interval;
            return this;
        }

        /**
         * Serves HTTPS (HTTP/1.1 over TLS) instead of HTTP on {@link #port}, with the key and certificate chain of
         * a PKCS#12 (or JKS) key store. Every response then carries {@code Strict-Transport-Security} and the
         * session cookie becomes {@code __Host-arbor_session; Secure}. Behind a TLS-terminating proxy, use
         * {@link #trustedProxies} instead.
         *
         * <pre>{@code
         * Arbor.builder().port(8443).https(Path.of("/etc/arbor/tls.p12"), System.getenv("TLS_PASSWORD"))
         * }</pre>
         */
        public Builder https(Path keyStore, String password) {
            if (!Files.isReadable(keyStore)) {
                throw new IllegalArgumentException("the TLS key store " + keyStore + " does not exist or cannot be read");
            }
            this.keyStore = keyStore;
            this.keyStorePassword = password;
            return this;
        }

        /** Where uploaded files are streamed while a request runs. Default the system temp directory. */
        public Builder uploadDirectory(Path directory) {
            this.uploadDirectory = directory;
            return this;
        }

        /**
         * Opens the port at once but holds requests until {@code ready} completes: how an app overlaps its own
         * start-up work (opening a database, warming a cache) with the server's. Requests that arrive earlier wait
         * for it; if it fails, they are answered 503. Without it, requests are served as soon as the port is open.
         */
        public Builder holdRequestsUntil(java.util.concurrent.CompletionStage<?> ready) {
            this.ready = ready;
            return this;
        }

        /** Where the route table and ready line are printed; {@code null} prints nothing. */
        public Builder printTo(PrintStream stream) {
            this.out = stream;
            return this;
        }

        public Arbor build() {
            return new Arbor(this);
        }
    }
}
