package dev.arbor;

import dev.arbor.internal.ApiHooks;
import dev.arbor.internal.server.AppAssembly;
import dev.arbor.internal.server.JettyServer;
import dev.arbor.internal.server.Settings;
import dev.arbor.internal.state.SharedState;
import dev.arbor.spi.ActionDefinition;
import dev.arbor.spi.RouteDefinition;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

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
    // The builder's own settings, not a copy: each start reads them as they are then.
    private final Settings settings;
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** The last server started; kept after stop so that {@link #port()} and {@link #uri()} still answer. */
    private JettyServer server;
    /** The running app; null before start and after stop. */
    private AppAssembly app;

    private Arbor(Settings settings) {
        this.settings = settings;
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server, prints the route table and the time to ready, and returns this server. */
    public Arbor start() {
        lifecycle.lock();
        try {
            if (app != null) {
                throw new IllegalStateException("already started");
            }
            long begin = System.nanoTime();
            // Before the routes and actions are made: their constructors may take it.
            ApiHooks.bindRateLimits(settings.services(), this::sharedState);
            server = new JettyServer(settings);
            app = new AppAssembly(settings, server.proxies());
            server.start(app.handler());
            app.printRoutes(uri(), begin);
            return this;
        } catch (Exception e) {
            stopQuietly();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Arbor could not start: " + e.getMessage(), e);
        } finally {
            lifecycle.unlock();
        }
    }

    /** The running server's shared state, where the {@link dev.arbor.security.RateLimits} it hands to the app count. */
    private SharedState sharedState() {
        AppAssembly running = app;
        SharedState state = running == null ? null : running.shared();
        if (state == null) {
            throw new IllegalStateException("a RateLimit counts while its server runs: call it from a route or an action");
        }
        return state;
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return server.port();
    }

    /** The server's base address, such as {@code http://localhost:3000} ({@code https://…} when serving TLS). */
    public URI uri() {
        return server.uri();
    }

    /**
     * How many Server-Sent Events streams are open now, against {@link Limits#maxEventStreams()}: for operators'
     * metrics and for tests. Zero before start and after stop.
     */
    public int openEventStreams() {
        AppAssembly running = app;
        return running == null ? 0 : running.openEventStreams();
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
            if (app == null) {
                return;
            }
            app.closeEventStreams();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Arbor did not stop cleanly: " + e.getMessage(), e);
        } finally {
            stopQuietly();
            lifecycle.unlock();
        }
    }

    private void stopQuietly() {
        if (server != null) {
            server.stopQuietly();
        }
        if (app != null) {
            app.close();
        }
        app = null;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The settings of an {@link Arbor} server; every one has a safe default. Each setter stores its value, and
     * one that cannot work is refused at once with an {@link IllegalArgumentException} that says why.
     */
    public static final class Builder {
        private final Settings settings = new Settings();

        private Builder() {}

        /** The TCP port; 0 picks a free one. Default 3000. */
        public Builder port(int port) { settings.port(port); return this; }

        /** The address to listen on. Default all interfaces. */
        public Builder host(String host) { settings.host(host); return this; }

        /** The objects routes receive in their constructors. */
        public Builder services(Services services) { settings.services(services); return this; }

        /** Adds routes, usually the generated {@code AppName_.ROUTES}. */
        public Builder routes(Collection<RouteDefinition> definitions) { settings.routes(definitions); return this; }

        /** Adds routes, such as {@code PostRoute_.ROUTE}. */
        public Builder routes(RouteDefinition... definitions) { return routes(List.of(definitions)); }

        /** Adds server actions, usually the generated {@code AppName_.ACTIONS}. */
        public Builder actions(Collection<ActionDefinition> definitions) { settings.actions(definitions); return this; }

        /**
         * The app secret (at least 32 random bytes) from which action ids, CSRF tokens, signed cookies and the keys
         * sealing bound form values and sessions are derived: the current key of the key ring, used for everything
         * made from now on. Keep it stable across deploys and the same on every instance. Without one, a random
         * secret is used and logged as a warning, and in {@link #production(boolean) production} start fails.
         *
         * <p>To rotate: make the new secret current and pass the old one to {@link #previousSecret}.
         */
        public Builder secret(byte[] secret) { settings.secret(secret); return this; }

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
        public Builder previousSecret(byte[] secret, Instant acceptedUntil) { settings.previousSecret(secret, acceptedUntil); return this; }

        /**
         * How long the sealed bound values of a rendered form stay valid. A form older than this is refused and,
         * like a form from a previous build, answered by reloading the page. Default 24 hours.
         */
        public Builder boundValuesLifetime(Duration lifetime) { settings.boundValuesLifetime(lifetime); return this; }

        /**
         * Production mode: start fails unless {@link #secret} is configured, instead of using a random secret.
         * Default: from the environment variable {@code ARBOR_ENV}, {@code production} or {@code development}
         * (unset means development; any other value fails start).
         */
        public Builder production(boolean production) { settings.production(production); return this; }

        /**
         * The app's public origin(s), such as {@code https://shop.example.com}, against which the {@code Origin}
         * of form posts is checked. Without one, the request's own scheme and host are used.
         */
        public Builder origins(String... publicOrigins) { settings.origins(publicOrigins); return this; }

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
        public Builder trustedProxies(String... addresses) { settings.trustedProxies(addresses); return this; }

        /** How long a session lasts after it was last written. Default 7 days. */
        public Builder sessionLifetime(Duration lifetime) { settings.sessionLifetime(lifetime); return this; }

        /**
         * Keeps the state that instances of the app must share in Redis instead of this process's memory: retired
         * session ids (so that a cookie from before a login, or from before a logout, is refused by every
         * instance), {@code Idempotency-Key} records and the counts of {@link dev.arbor.security.RateLimits}. Give every instance the same address, and each app its own
         * database: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://…} for TLS. The
         * server does not start if Redis does not answer or is older than 7; once started, a request that needs Redis while it is
         * unreachable fails with 503 rather than trusting a cookie it cannot check or skipping a count. Default: in memory, right for
         * one instance.
         */
        public Builder redis(String uri) { settings.redis(uri); return this; }

        /** How long an {@code Idempotency-Key}'s answer is kept for replay. Default 24 hours. */
        public Builder idempotencyKeyLifetime(Duration lifetime) { settings.idempotencyKeyLifetime(lifetime); return this; }

        /**
         * How bearer tokens ({@code Authorization: Bearer …}) become identities, for mobile and public API
         * clients: look the token up (stored hashed) and answer who owns it, or empty. A request whose token
         * resolves to nobody is answered 401 ({@code invalid-token}); one whose token resolves is that identity
         * alone, and its session cookie is not read. Without a resolver, bearer tokens are no credential.
         */
        public Builder bearerTokens(Function<String, Optional<Identity>> resolver) { settings.bearerTokens(resolver); return this; }

        /**
         * A CORS policy for the {@link Public} verbs of every route under a path prefix that has no {@link Cors} of
         * its own. A verb with a narrower access policy ({@link Authenticated}, {@link RolesAllowed}, …) is never
         * opened by a prefix: give its route a {@code @Cors} to open it.
         */
        public Builder cors(String pathPrefix, CorsPolicy policy) { settings.cors(pathPrefix, policy); return this; }

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
        public Builder contentSecurityPolicy(String directive, String... sources) { settings.contentSecurityPolicy(directive, sources); return this; }

        /**
         * Where browsers report Content-Security-Policy violations: {@code report-to} (with a
         * {@code Reporting-Endpoints} header) and {@code report-uri} for browsers without the Reporting API.
         * {@code endpoint} is a path of this app ({@code /csp-reports}) or an {@code https://} URL; the app answers
         * it with a route of its own.
         */
        public Builder contentSecurityPolicyReports(String endpoint) { settings.contentSecurityPolicyReports(endpoint); return this; }

        /** The request and connection limits; see {@link Limits#defaults()}. */
        public Builder limits(Limits limits) { settings.limits(limits); return this; }

        /** How long {@link Arbor#stop()} waits for requests in flight. Default 30 s. */
        public Builder shutdownTimeout(Duration timeout) { settings.shutdownTimeout(timeout); return this; }

        /**
         * The most memory rendered pages may take in the page cache, counted as their bytes and keys; past it, the
         * pages least likely to be asked for again are dropped. Default 16 MiB; 0 keeps nothing.
         */
        public Builder pageCacheBytes(long bytes) { settings.pageCacheBytes(bytes); return this; }

        /** How often an idle event stream gets a heartbeat comment. Default 15 s. */
        public Builder sseHeartbeat(Duration interval) { settings.sseHeartbeat(interval); return this; }

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
        public Builder https(Path keyStore, String password) { settings.https(keyStore, password); return this; }

        /** Where uploaded files are streamed while a request runs. Default the system temp directory. */
        public Builder uploadDirectory(Path directory) { settings.uploadDirectory(directory); return this; }

        /**
         * Opens the port at once but holds requests until {@code ready} completes: how an app overlaps its own
         * start-up work (opening a database, warming a cache) with the server's. Requests that arrive earlier wait
         * for it; if it fails, they are answered 503. Without it, requests are served as soon as the port is open.
         */
        public Builder holdRequestsUntil(CompletionStage<?> ready) { settings.holdRequestsUntil(ready); return this; }

        /** Where the route table and ready line are printed; {@code null} prints nothing. */
        public Builder printTo(PrintStream stream) { settings.printTo(stream); return this; }

        /**
         * The clock everything that expires reads: sealed form values and previous keys' windows, sessions, the
         * flash, cached pages and data, revoked session ids and {@code Idempotency-Key} records kept in memory,
         * and the counts of the {@link dev.arbor.security.RateLimits} the server hands the app (Redis expires what it keeps on its own
         * clock). Tests pass one they move ({@code dev.arbor.test.TestClock}) instead of sleeping. Default
         * {@link Clock#systemUTC()}.
         */
        public Builder clock(Clock clock) { settings.clock(clock); return this; }

        /** A server with these settings, not yet started. */
        public Arbor build() {
            return new Arbor(settings);
        }
    }
}
